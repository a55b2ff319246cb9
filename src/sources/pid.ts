/** Whether a process exists (EPERM: it exists but belongs to someone else). */
export function isPidAlive(pid: number | null | undefined): boolean {
  if (!pid || pid <= 0 || !Number.isSafeInteger(pid)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
