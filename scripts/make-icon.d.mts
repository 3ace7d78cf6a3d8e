export const ICO_SIZES: number[];
export function buildIco(images: Array<[number, Buffer]>): Buffer;
