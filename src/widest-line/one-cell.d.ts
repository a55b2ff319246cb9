/** Inclusive code point ranges of one-cell characters. */
export declare const NARROW_RANGES: readonly (readonly [number, number])[];
/** Every character of `text` takes one cell (and one UTF-16 unit): its width is its length. */
export declare function oneCellEach(text: string): boolean;
