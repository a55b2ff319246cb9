/** One line's width in terminal cells; escape sequences take no cells. */
export declare function lineWidth(line: string): number;
/** The width of the widest line of `text`, in terminal cells. */
export default function widestLine(text: string): number;
