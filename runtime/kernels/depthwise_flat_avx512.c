/*===- depthwise_flat_avx512.c - depthwise convolution in flat strips --------===*
 *
 * The planes of depthwise_avx512.c run 16 output columns of a row per
 * vector: on a 7x7 image (the last stage of mobilenets, mnasnet,
 * efficientnet) 7 of 16 lanes are live. For a stride-1 convolution whose
 * output rows are as wide as the input's, output q of the plane reads input
 * q + a per-tap offset, so 16 consecutive outputs of the plane (across rows)
 * form one vector: a 7x7 plane is 4 strips instead of 7 rows. Each lane's
 * tap is masked where it falls in the padding; the masks depend only on the
 * strip and the tap, so they are made once per layer, not per channel. The
 * strips of several planes are independent add chains, kept in registers.
 * A stride-2 layer with a "same" padding runs the same way on its input's
 * four phases (split_phases).
 *
 * The arithmetic is the planes' (and the loop nest's): per output, from the
 * start value, each tap a multiply then an add in (ky, kx) order, padding
 * read as +0; then residual and clamp. Same bits whichever path runs.
 *
 *===----------------------------------------------------------------------===*/
#include "depthwise_internal.h"
#include "window_avx512.h"

#include <immintrin.h>
#include <stdlib.h>

/* Planes of up to MAX_STRIPS strips (16x16) run whole, 16 / strips planes
 * at a time; larger ones 4 strips of 4 planes at a time along the planes
 * (the masks of every strip made once per layer). With the chains in
 * registers this beats the row-wise planes (depthwise_avx512.c) wherever it
 * applies, not only where it saves vectors: 240 planes of 14x14 (13 strips
 * instead of 14), 5x5 taps, 0.058 -> 0.043 ms; 120 of 28x28, 5x5, 0.119 ->
 * 0.067; 144 of 56x56, 3x3, 0.25 -> 0.15 (in the kernel alone). */
enum { MAX_STRIPS = 16, MAX_PLANE = 56 * 56 };

/* The layer: what every plane shares. */
typedef struct flat_layer {
  const float *input, *weight;
  float *output;
  const qat_epilogue *epi;
  int64_t channels, plane, in_plane, taps;
  const int64_t *off;
  __mmask16 (*mask)[DW_MAX_TAPS]; /* per strip from q0, per tap */
  int64_t q0;                     /* the first output of the strips */
  int64_t last_row;               /* input offset of an output's last window row */
  /* The channels [c_begin, c_end) that run; at stride 2 their inputs'
   * phases (split_phases) are in `scratch` from channel c_begin on. */
  const float *scratch;
  int64_t c_begin, c_end;
} flat_layer;

/* The input plane of channel c of image img: the layer's, or its phases. */
__attribute__((always_inline)) static inline const float *input_plane(const flat_layer *l,
                                                                      int64_t img, int64_t c) {
  return l->scratch ? l->scratch + (c - l->c_begin) * l->in_plane
                    : l->input + (img * l->channels + c) * l->in_plane;
}

/* Accumulator i of up to 16 (plane i / NS, strip i % NS): named registers
 * (an array indexed by a run-time strip count lived on the stack, each tap's
 * add waiting on a store and a reload: 576 7x7 planes ran at 11 GMAC/s; a
 * constant-indexed array was still stored back every tap). */
#define A16(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15)
#define DECLARE(i) __m512 a##i = _mm512_setzero_ps();
#define START(i)                                                                           \
  if (i < NC * NS)                                                                         \
    a##i = start_vector(l, img, c + i / NS, i % NS);
#define TAP(i)                                                                             \
  if (i < NC * NS)                                                                         \
    a##i = _mm512_add_ps(                                                                  \
        a##i, _mm512_mul_ps(_mm512_maskz_loadu_ps(l->mask[i % NS][t], at[i / NS] + 16 * (i % NS)), \
                            tap[i / NS]));
#define STORE(i)                                                                           \
  if (i < NC * NS)                                                                         \
    store_vector(l, img, c + i / NS, i % NS, a##i);

/* The start value of strip s of channel c's output plane. */
__attribute__((target("avx512f"), always_inline)) static inline __m512
start_vector(const flat_layer *l, int64_t img, int64_t c, int64_t s) {
  const qat_epilogue *epi = l->epi;
  int32_t flags = epi ? epi->flags : 0;
  int64_t q = l->q0 + 16 * s, n = l->plane - q < 16 ? l->plane - q : 16;
  __mmask16 live = (__mmask16)((1u << n) - 1);
  return (flags & QAT_EPI_INIT_ZERO)   ? _mm512_setzero_ps()
         : (flags & QAT_EPI_INIT_BIAS) ? _mm512_set1_ps(epi->bias[c])
                                       : _mm512_maskz_loadu_ps(
                                             live, l->output + (img * l->channels + c) * l->plane + q);
}

/* Strip s of channel c's output plane: + residual, clamp, stored. */
__attribute__((target("avx512f"), always_inline)) static inline void
store_vector(const flat_layer *l, int64_t img, int64_t c, int64_t s, __m512 v) {
  const qat_epilogue *epi = l->epi;
  int32_t flags = epi ? epi->flags : 0;
  int64_t q = l->q0 + 16 * s, n = l->plane - q < 16 ? l->plane - q : 16;
  __mmask16 live = (__mmask16)((1u << n) - 1);
  int64_t at = (img * l->channels + c) * l->plane + q;
  v = finish_vector(v, flags & QAT_EPI_RESIDUAL ? epi->residual + at : NULL, live,
                    flags & QAT_EPI_CLAMP, epi ? epi->lo : 0.0f, epi ? epi->hi : 0.0f);
  _mm512_mask_storeu_ps(l->output + at, live, v);
}

/* NC planes (channels c .. c + NC - 1 of image img) of NS strips each:
 * NC * NS <= 16 independent add chains. */
__attribute__((target("avx512f"), always_inline)) static inline void
flat_planes(const int NS, const int NC, const flat_layer *l, int64_t img, int64_t c) {
  A16(DECLARE)
  A16(START)
  const float *in = input_plane(l, img, c) + l->q0;
  const float *w = l->weight + c * l->taps;
  for (int64_t t = 0; t < l->taps; ++t) {
    __m512 tap[16];
    const float *at[16];
    for (int j = 0; j < NC; ++j) {
      tap[j] = _mm512_set1_ps(w[j * l->taps + t]);
      /* Masked-off lanes are not read: the addresses may lie off the plane. */
      at[j] = (const float *)((uintptr_t)(in + j * l->in_plane) + l->off[t] * 4);
    }
    A16(TAP)
  }
  A16(STORE)
}

#undef STORE
#undef TAP
#undef START
#undef DECLARE
#undef A16

/* NS strips from l->q0 of every channel of image img, NC channels at a
 * time (about 16 chains), the rest one by one. */
__attribute__((target("avx512f"), always_inline)) static inline void
flat_channels(const int NS, const flat_layer *l, int64_t img) {
  const int NC = 16 / NS;
  int64_t c = l->c_begin;
  for (; c + NC <= l->c_end; c += NC) {
    /* The next planes' outputs, for writing (as chunked_planes does; past
     * the last plane a prefetch does not fault): mobilenet_v2's 384 planes
     * of 14x14 0.080 -> 0.060 ms in-model (3 rounds). */
    const float *next = l->output + (img * l->channels + c + NC) * l->plane;
    for (int64_t q = 0; q < NC * l->plane; q += 16)
      _mm_prefetch((const char *)(next + q), _MM_HINT_ET0);
    flat_planes(NS, NC, l, img, c);
  }
  for (; c < l->c_end; ++c)
    flat_planes(NS, 1, l, img, c);
}

#define FLAT_NS(n)                                                                         \
  __attribute__((target("avx512f"))) static void flat_##n(const flat_layer *l, int64_t img) { \
    flat_channels(n, l, img);                                                              \
  }
FLAT_NS(1)
FLAT_NS(2)
FLAT_NS(3)
FLAT_NS(4)
FLAT_NS(5)
FLAT_NS(6)
FLAT_NS(7)
FLAT_NS(8)
FLAT_NS(9)
FLAT_NS(10)
FLAT_NS(11)
FLAT_NS(12)
FLAT_NS(13)
FLAT_NS(14)
FLAT_NS(15)
FLAT_NS(16)
#undef FLAT_NS

/* Channels c .. c + NC - 1 of image img over all their strips, 16 / NC at
 * a time (l->mask: every strip's masks). */
__attribute__((target("avx512f"), always_inline)) static inline void
chunked_planes(const int NC, const flat_layer *all, int64_t strips, int64_t img, int64_t c) {
  const int CH = 16 / NC;
  flat_layer l = *all;
  int64_t s0 = 0;
  for (; s0 + CH <= strips; s0 += CH) {
    l.q0 = 16 * s0, l.mask = all->mask + s0;
    /* The input rows two chunks on that no chunk read yet, into the cache
     * (a plane just written by the layer before). */
    for (int j = 0; j < NC; ++j) {
      const float *ahead = input_plane(all, img, c + j) + all->last_row;
      for (int64_t q = l.q0 + 32 * CH; q < l.q0 + 48 * CH && q < all->in_plane; q += 16)
        _mm_prefetch((const char *)(ahead + q), _MM_HINT_T0);
      /* Its outputs two chunks on, for writing: the output was last
       * touched a model run ago, and the stores waited on its lines
       * (mobilenet_v2's stride-2 layer on 96 planes of 112x112 0.49 ->
       * 0.40 ms in-model, 3 rounds). */
      const float *out = all->output + (img * all->channels + c + j) * all->plane;
      for (int64_t q = l.q0 + 32 * CH; q < l.q0 + 48 * CH && q < all->plane; q += 16)
        _mm_prefetch((const char *)(out + q), _MM_HINT_ET0);
    }
    flat_planes(CH, NC, &l, img, c);
  }
  l.q0 = 16 * s0, l.mask = all->mask + s0;
  switch (strips - s0) { /* the rest: fewer than CH strips */
#define REST(n)                                                                            \
  case n:                                                                                  \
    if (n < CH)                                                                            \
      flat_planes(n, NC, &l, img, c);                                                      \
    break;
    REST(1) REST(2) REST(3) REST(4) REST(5) REST(6) REST(7) REST(8) REST(9) REST(10) REST(11)
    REST(12) REST(13) REST(14) REST(15)
#undef REST
  default:
    break;
  }
}

/* Channels [c_begin, c_end) of image img, four planes at a time (4 strips
 * each: two or one plane at a time with 8 or 16 strips ran 10-25% slower,
 * on planes up to 112x112), the rest one by one. */
__attribute__((target("avx512f"))) static void
chunked_channels(const flat_layer *l, int64_t strips, int64_t img) {
  int64_t c = l->c_begin;
  for (; c + 4 <= l->c_end; c += 4)
    chunked_planes(4, l, strips, img, c);
  for (; c < l->c_end; ++c)
    chunked_planes(1, l, strips, img, c);
}

/* Stride 2 as stride 1: the input split into its four phases P[a][b] (rows
 * 2 y + a, columns 2 x + b), each phase_h rows of out_w, so that tap (ky,
 * kx), at dy = ky - pt, dx = kx - pl, reads phase (dy & 1, dx & 1) at (oy +
 * (dy >> 1), ox + (dx >> 1)): a constant offset from the output position,
 * as in a stride-1 layer. Needs out_w == ceil(width / 2) (a "same"
 * padding); the phases' own sizes mask the taps. */
typedef struct phases {
  int64_t rows[2], cols[2]; /* of phases with row / column parity a / b */
  int64_t size;             /* floats per phase: phase_h * out_w */
} phases;

__attribute__((target("avx512f"))) static void
split_phases(const float *in, int64_t planes, int64_t height, int64_t width, const phases *ph,
             int64_t out_w, float *out) {
  for (int64_t p = 0; p < planes; ++p)
    for (int64_t y = 0; y < height; ++y) {
      float *dst = out + p * 4 * ph->size + (y & 1) * 2 * ph->size + (y >> 1) * out_w;
      split_row(in + (p * height + y) * width, width, dst, dst + ph->size);
    }
}

/* Per tap, which `live` lanes of the flat strip at q0 read inside their
 * phase: row oy + (dy >> 1) of the phase's rows[dy & 1], column
 * ox + (dx >> 1) of its cols[dx & 1]. */
__attribute__((target("avx512f"))) static void
phase_window_masks(int64_t q0, __mmask16 live, const phases *ph, int64_t out_w, int64_t kh,
                   int64_t kw, int64_t pt, int64_t pl, __mmask16 mask[]) {
  int64_t row_off[kh], row_end[kh], col_off[kw], col_end[kw];
  for (int64_t ky = 0; ky < kh; ++ky)
    row_off[ky] = (ky - pt) >> 1, row_end[ky] = ph->rows[(ky - pt) & 1];
  for (int64_t kx = 0; kx < kw; ++kx)
    col_off[kx] = (kx - pl) >> 1, col_end[kx] = ph->cols[(kx - pl) & 1];
  window_masks(q0, live, out_w, kh, kw, row_off, row_end, col_off, col_end, mask);
}

__attribute__((target("avx512f"))) int
depthwise_flat_avx512(int64_t batch, int64_t channels, int64_t height, int64_t width,
                      const float *input, int64_t pt, int64_t pl, int64_t kh, int64_t kw,
                      const float *weight, int64_t out_h, int64_t out_w, int64_t sh, int64_t sw,
                      int64_t dh, int64_t dw, float *output, const qat_epilogue *epi) {
  int64_t plane = out_h * out_w, strips = (plane + 15) / 16, taps = kh * kw;
  /* Planes above 56x56 go row by row: in a model (the input just written by
   * the layer before, out of L1) mnasnet's 16 planes of 112x112 took 0.12
   * ms in strips, 0.10 in rows. */
  int stride1 = sh == 1 && sw == 1 && out_w == width;
  int stride2 = sh == 2 && sw == 2 && dh == 1 && out_w == (width + 1) / 2 &&
                out_h == (height + 1) / 2;
  if (!(stride1 || stride2) || dw != 1 || taps > DW_MAX_TAPS || plane > MAX_PLANE)
    return 1;
  phases ph = {{(height + 1) / 2, height / 2}, {(width + 1) / 2, width / 2},
               (height + 1) / 2 * out_w};
  int64_t off[DW_MAX_TAPS];
  for (int64_t ky = 0; ky < kh; ++ky)
    for (int64_t kx = 0; kx < kw; ++kx) {
      int64_t dy = ky * dh - pt, dx = kx - pl;
      off[ky * kw + kx] = stride1 ? dy * width + dx
                                  : ((dy & 1) * 2 + (dx & 1)) * ph.size + (dy >> 1) * out_w +
                                        (dx >> 1);
    }
  static void (*const by_strips[MAX_STRIPS + 1])(const flat_layer *, int64_t) = {
      NULL,    flat_1,  flat_2,  flat_3,  flat_4,  flat_5,  flat_6,  flat_7, flat_8,
      flat_9, flat_10, flat_11, flat_12, flat_13, flat_14, flat_15, flat_16};
  /* Every strip's masks, per tap; at stride 2 the input's phases. */
  __mmask16 small[MAX_STRIPS][DW_MAX_TAPS];
  __mmask16(*mask)[DW_MAX_TAPS] =
      strips <= MAX_STRIPS ? small : malloc((size_t)strips * sizeof(*mask));
  /* Stride 2: the phases of `group` channels at a time (as many as run
   * together), split just before they are used (the whole layer's, split
   * first, left L2: mobilenet_v2's 96 planes of 112x112 took 0.70 ms). */
  int64_t group = stride2 ? 16 / (strips < 4 ? strips : 4) : channels;
  float *split = stride2 ? malloc((size_t)(group * 4 * ph.size) * sizeof(float)) : NULL;
  if (!mask || (stride2 && !split)) {
    if (mask != small)
      free(mask);
    free(split);
    return 1;
  }
  for (int64_t s = 0; s < strips; ++s) {
    int64_t q = 16 * s, n = plane - q < 16 ? plane - q : 16;
    __mmask16 live = (__mmask16)((1u << n) - 1);
    if (stride1)
      flat_window_masks(q, live, height, width, kh, kw, dh, pt, pl, mask[s]);
    else
      phase_window_masks(q, live, &ph, out_w, kh, kw, pt, pl, mask[s]);
  }
  flat_layer l = {.input = input,
                  .weight = weight,
                  .output = output,
                  .epi = epi,
                  .channels = channels,
                  .plane = plane,
                  .in_plane = stride1 ? height * width : 4 * ph.size,
                  .taps = taps,
                  .off = off,
                  .mask = mask,
                  .last_row = stride1 ? ((kh - 1) * dh - pt) * width : 0};
  for (int64_t img = 0; img < batch; ++img)
    for (int64_t c0 = 0; c0 < channels; c0 += group) {
      l.c_begin = c0, l.c_end = c0 + group < channels ? c0 + group : channels;
      if (stride2) {
        split_phases(input + (img * channels + c0) * height * width, l.c_end - c0, height,
                     width, &ph, out_w, split);
        l.scratch = split;
      }
      if (strips <= MAX_STRIPS)
        by_strips[strips](&l, img);
      else
        chunked_channels(&l, strips, img);
    }
  if (mask != small)
    free(mask);
  free(split);
  return 0;
}
