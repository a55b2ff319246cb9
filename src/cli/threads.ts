// Imported first by each program. Node reads files on a pool of 4 threads by default; a
// read that hangs (a stuck network mount) holds one for good. The file guard bounds that
// to one thread per stuck directory, and a larger pool leaves room for the rest of the
// fleet. Only effective before the pool's first use, hence a module of its own.
if (!process.env.UV_THREADPOOL_SIZE) process.env.UV_THREADPOOL_SIZE = '16';
export {};
