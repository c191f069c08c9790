// The convolution shape table the native-kernel tests share: every geometry the kit's conv nets
// use, and the corner cases of padding, stride, dilation and size.

/** [b, h, w, c, kh, kw, o, stride, dilation, pads [[t, b], [l, r]]] */
export type ConvCase = [number, number, number, number, number, number, number, number, number, [[number, number], [number, number]]];
export const CONVS: ConvCase[] = [
  [2, 5, 7, 3, 3, 3, 4, 1, 1, [[1, 1], [1, 1]]], // 'same', odd sizes
  [2, 6, 6, 2, 3, 3, 5, 2, 1, [[0, 1], [0, 1]]], // TF 'same' at stride 2: the extra zero after
  [1, 7, 6, 3, 3, 3, 2, 2, 1, [[1, 1], [1, 1]]], // stride 2, odd height
  [3, 8, 8, 4, 1, 1, 6, 2, 1, [[0, 0], [0, 0]]], // 1x1 projection, stride 2 (the last row and column unread)
  [2, 9, 8, 2, 3, 2, 3, 1, 2, [[0, 0], [0, 0]]], // dilation 2, non-square filter
  [2, 6, 5, 3, 3, 3, 2, 1, 2, [[2, 1], [0, 2]]], // dilation with uneven padding
  [1, 4, 4, 2, 4, 4, 3, 1, 1, [[0, 0], [0, 0]]], // filter as large as the input
  [2, 3, 3, 2, 3, 3, 2, 1, 1, [[2, 2], [2, 2]]], // padding larger than the input
  [1, 1, 1, 5, 1, 1, 7, 1, 1, [[0, 0], [0, 0]]], // one pixel
  [4, 16, 16, 16, 3, 3, 32, 1, 1, [[1, 1], [1, 1]]], // a VGG layer shape
  [2, 8, 8, 32, 3, 3, 64, 2, 1, [[0, 1], [0, 1]]], // a ResNet down-sampling shape
  [5, 32, 32, 3, 3, 3, 8, 1, 1, [[1, 1], [1, 1]]], // a first layer at width 1/8
  [3, 4, 4, 64, 3, 3, 64, 1, 1, [[1, 1], [1, 1]]], // a last stage at width 1/8
];
