/*===- maxpool_levels.c - 2-D max pooling of integer levels -----------------===*
 *
 * qat_max_pool2d_u8 / _i8: max pooling of quantized levels (8-bit, NCHW) at
 * stride 1 or 2 in both directions: resnet18's and squeezenet's 3x3 / 2
 * pools, googlenet's inception and reduction pools. Max is exact and
 * associative on integers, so a plane is pooled in two passes over flat
 * runs of bytes:
 *
 *  - rows: V[j] = max over ky of in[j + (ky dh - pt) W], j < OH s W, all
 *    taps in one pass (V written once). V's rows are s W apart, so V row oy
 *    starts at input row s oy and every window row is a shift of the flat
 *    plane by whole input rows; at s = 2 the second half of each V row is
 *    computed and never read. [0, OH s W) is cut where a tap's shifted
 *    plane begins or ends, so each piece takes a fixed set of taps;
 *  - columns: out[oy, ox] = max over kx of V[oy s W + s ox + kx dw - pl],
 *    each tap masked to the lowest level where its column lies outside the
 *    input (per-column masks made once per call), written to the output
 *    row (rows of any pitch: a padded buffer's interior). At s = 2 byte
 *    s ox + e is the low or high byte of a 16-bit word of V: a unit-stride
 *    word load and a narrowing shift, where a byte gather would take
 *    shuffles. A stride-1 pool of the input's width into contiguous rows
 *    is one run over the whole plane.
 *
 * Runs are done in whole vectors, the last one overlapping its predecessor
 * instead of a scalar tail (runs are 7-224 bytes per row; every step
 * computes its bytes from inputs the pass does not write, so a byte done
 * twice gets the same value, and no load waits on a partly overlapping
 * store). The vector-extension types compile to zmm, ymm or xmm code under
 * each variant's target attribute. V has zeroed guards on both sides, so
 * the masked taps of the first and last columns load inside it.
 *
 * With several threads the planes are shared out in ranges, each with a V
 * of its own (the masks are read by all).
 *
 * Signed levels are pooled as unsigned ones with the sign bit flipped (x ^
 * 0x80 keeps their order), so the lowest level is 0 everywhere.
 *
 * out[p, oy, ox] = max(start, in[p, s oy + ky dh - pt, s ox + kx dw - pl]
 * over the window positions inside the input), start = out's own value, or
 * the lowest level with QAT_POOL_START_NEG_INF in flags (maxpool.h).
 *
 *===----------------------------------------------------------------------===*/
#include "isa.h"
#include "maxpool.h"
#include "memref.h"
#include "thread_pool.h"

#include <stdlib.h>
#include <string.h>

#define MAX_OF(a, b) ((a) > (b) ? (a) : (b))
#define INLINE static inline __attribute__((always_inline))
#define MAX_TAPS 16

typedef uint8_t u8x64 __attribute__((vector_size(64)));
typedef uint8_t u8x32 __attribute__((vector_size(32)));
typedef uint8_t u8x16 __attribute__((vector_size(16)));
typedef uint8_t u8x8 __attribute__((vector_size(8)));
typedef uint16_t u16x32 __attribute__((vector_size(64)));
typedef uint16_t u16x16 __attribute__((vector_size(32)));
typedef uint16_t u16x8 __attribute__((vector_size(16)));

#define LOAD(V, p) ({ V x_; memcpy(&x_, (p), sizeof(V)); x_; })
#define STORE(p, x) memcpy((p), &(x), sizeof(x))

/* STEP(V, at) over [0, n) in vectors of V: 64 bytes (or W64 when given),
 * then 16, then 8, the last one ending at n; bytes one by one below 8. */
#define OVERLAPPED(n, STEP)                                                                  \
  do {                                                                                       \
    if ((n) >= 64) {                                                                         \
      for (int64_t at = 0; at + 64 < (n); at += 64)                                          \
        STEP(64, at);                                                                        \
      STEP(64, (n) - 64);                                                                    \
    } else if ((n) >= 16) {                                                                  \
      for (int64_t at = 0; at + 16 < (n); at += 16)                                          \
        STEP(16, at);                                                                        \
      STEP(16, (n) - 16);                                                                    \
    } else if ((n) >= 8) {                                                                   \
      STEP(8, 0);                                                                            \
      STEP(8, (n) - 8);                                                                      \
    } else {                                                                                 \
      for (int64_t at = 0; at < (n); ++at)                                                   \
        STEP(1, at);                                                                         \
    }                                                                                        \
  } while (0)

/* Byte vectors of each width, and the word vectors that narrow to them. */
#define U8_64 u8x64
#define U8_16 u8x16
#define U8_8 u8x8
#define U8_1 uint8_t
#define BYTES(w) U8_##w

/* dst[j] = max over the taps t of src[t][j] ^ bias (0 without taps). */
INLINE void rows_run(uint8_t *restrict dst, const uint8_t *const *src, int taps, int64_t n,
                     uint8_t bias) {
#define STEP(w, at)                                                                          \
  {                                                                                          \
    BYTES(w) acc_ = (BYTES(w)){0};                                                             \
    for (int t = 0; t < taps; ++t)                                                           \
      acc_ = __builtin_elementwise_max(acc_, (BYTES(w))(LOAD(BYTES(w), src[t] + (at)) ^ bias)); \
    STORE(dst + (at), acc_);                                                                 \
  }
  OVERLAPPED(n, STEP);
#undef STEP
}

/* Stride 1: dst[i] = max(start, max over kx of (v[kx][i] & keep[kx][i])) ^ bias,
 * start = 0 or dst[i] ^ bias. */
INLINE void columns_run(uint8_t *restrict dst, const uint8_t *const *v,
                        const uint8_t *const *keep, int taps, int64_t n, uint8_t bias,
                        int from_lowest) {
#define STEP(w, at)                                                                          \
  {                                                                                          \
    BYTES(w) acc_ = from_lowest ? (BYTES(w)){0} : (BYTES(w))(LOAD(BYTES(w), dst + (at)) ^ bias); \
    for (int t = 0; t < taps; ++t)                                                           \
      acc_ = __builtin_elementwise_max(                                                      \
          acc_, (BYTES(w))(LOAD(BYTES(w), v[t] + (at)) & LOAD(BYTES(w), keep[t] + (at))));  \
    acc_ ^= bias;                                                                            \
    STORE(dst + (at), acc_);                                                                 \
  }
  OVERLAPPED(n, STEP);
#undef STEP
}

/* Stride 2: as columns_run, tap kx's byte the one at shift[kx] (0 low, 8
 * high) of word i of words[kx]: 32, 16 or 8 outputs per vector. */
INLINE void columns_run_s2(uint8_t *restrict dst, const uint16_t *const *words,
                           const int *shift, const uint8_t *const *keep, int taps, int64_t n,
                           uint8_t bias, int from_lowest) {
#define STEP(B, W, at)                                                                       \
  {                                                                                          \
    B acc_ = from_lowest ? (B){0} : (B)(LOAD(B, dst + (at)) ^ bias);                           \
    for (int t = 0; t < taps; ++t) {                                                         \
      W x_ = LOAD(W, words[t] + (at)) >> (uint16_t)shift[t];                                 \
      acc_ = __builtin_elementwise_max(acc_,                                                 \
                                       (B)(__builtin_convertvector(x_, B) & LOAD(B, keep[t] + (at)))); \
    }                                                                                        \
    acc_ ^= bias;                                                                            \
    STORE(dst + (at), acc_);                                                                 \
  }
  if (n >= 32) {
    for (int64_t at = 0; at + 32 < n; at += 32)
      STEP(u8x32, u16x32, at);
    STEP(u8x32, u16x32, n - 32);
  } else if (n >= 16) {
    STEP(u8x16, u16x16, 0);
    STEP(u8x16, u16x16, n - 16);
  } else if (n >= 8) {
    STEP(u8x8, u16x8, 0);
    STEP(u8x8, u16x8, n - 8);
  } else {
    for (int64_t i = 0; i < n; ++i) {
      uint8_t acc = from_lowest ? 0 : dst[i] ^ bias;
      for (int t = 0; t < taps; ++t)
        acc = MAX_OF(acc, (uint8_t)((uint8_t)(words[t][i] >> shift[t]) & keep[t][i]));
      dst[i] = acc ^ bias;
    }
  }
#undef STEP
}

/* A piece [from, to) of V and the shifts of the taps that apply there
 * (V[j] = max over them of in[j + shift]). */
typedef struct {
  int64_t from, to, shift[MAX_TAPS];
  int taps;
} row_piece;

/* One plane's geometry and the per-call scratch. */
typedef struct {
  row_piece piece[2 * MAX_TAPS + 1];
  int pieces;
  int64_t height, width, out_height, out_width, kh, kw, pt, pl, dh, dw, stride;
  int64_t row_pitch; /* out's row stride */
  int from_lowest, whole; /* whole: one run over the plane (stride 1, rows W apart) */
  uint8_t bias;           /* 0x80 for signed levels, else 0 */
  uint8_t *v;             /* V, after a zeroed guard */
  const uint8_t *keep;    /* tap kx's mask: keep + kx * run */
  int64_t run;            /* outputs per run: OW, or OH W when whole */
} plane_shape;

/* One plane, for every ISA (the caller's target attribute). */
#define POOL_PLANE(name, TARGET)                                                              \
  TARGET static void name(const uint8_t *restrict in, uint8_t *restrict out,                 \
                          const plane_shape *g) {                                            \
    int64_t s = g->stride, w = g->width;                                                     \
    uint8_t *v = g->v;                                                                       \
    for (int i = 0; i < g->pieces; ++i) {                                                    \
      const row_piece *piece = &g->piece[i];                                                 \
      const uint8_t *src[MAX_TAPS];                                                          \
      for (int t = 0; t < piece->taps; ++t)                                                  \
        src[t] = in + piece->from + piece->shift[t];                                         \
      if (piece->taps == 3) /* 3x3 windows: the taps unrolled */                             \
        rows_run(v + piece->from, src, 3, piece->to - piece->from, g->bias);                 \
      else                                                                                   \
        rows_run(v + piece->from, src, piece->taps, piece->to - piece->from, g->bias);       \
    }                                                                                        \
    /* Columns: per output row (or the whole plane). */                                      \
    const uint8_t *keep[MAX_TAPS];                                                           \
    for (int64_t kx = 0; kx < g->kw; ++kx)                                                   \
      keep[kx] = g->keep + kx * g->run;                                                      \
    int64_t rows = g->whole ? 1 : g->out_height;                                             \
    for (int64_t oy = 0; oy < rows; ++oy) {                                                  \
      const uint8_t *base = v + oy * s * w; /* V row oy */                                   \
      uint8_t *dst = out + oy * g->row_pitch;                                                \
      if (s == 1) {                                                                          \
        const uint8_t *taps[MAX_TAPS];                                                       \
        for (int64_t kx = 0; kx < g->kw; ++kx)                                               \
          taps[kx] = base + kx * g->dw - g->pl;                                              \
        if (g->kw == 3)                                                                      \
          columns_run(dst, taps, keep, 3, g->run, g->bias, g->from_lowest);                  \
        else                                                                                 \
          columns_run(dst, taps, keep, (int)g->kw, g->run, g->bias, g->from_lowest);         \
      } else {                                                                               \
        const uint16_t *words[MAX_TAPS];                                                     \
        int shift[MAX_TAPS];                                                                 \
        for (int64_t kx = 0; kx < g->kw; ++kx) {                                             \
          int64_t e = kx * g->dw - g->pl, r = e & 1;                                         \
          words[kx] = (const uint16_t *)(base + e - r);                                      \
          shift[kx] = 8 * (int)r;                                                            \
        }                                                                                    \
        if (g->kw == 3)                                                                      \
          columns_run_s2(dst, words, shift, keep, 3, g->run, g->bias, g->from_lowest);       \
        else                                                                                 \
          columns_run_s2(dst, words, shift, keep, (int)g->kw, g->run, g->bias,               \
                         g->from_lowest);                                                    \
      }                                                                                      \
    }                                                                                        \
  }

POOL_PLANE(plane_portable, )
POOL_PLANE(plane_avx2, __attribute__((target("avx2"))))
POOL_PLANE(plane_avx512, __attribute__((target("avx512f,avx512bw"))))
#undef POOL_PLANE
#undef OVERLAPPED
#undef BYTES
#undef LOAD
#undef STORE
#undef INLINE

/* Planes [p0, p1) of one call on part `part`'s V. */
typedef struct levels_job {
  void (*plane)(const uint8_t *restrict, uint8_t *restrict, const plane_shape *);
  const plane_shape *g;
  uint8_t *scratch;
  int64_t v_bytes, guard;
  const uint8_t *x;
  uint8_t *y;
  int64_t channels, n, batch_stride, channel_stride, planes, parts;
} levels_job;

static void levels_part(void *ctx, int64_t part) {
  const levels_job *j = (const levels_job *)ctx;
  plane_shape g = *j->g;
  g.v = j->scratch + part * j->v_bytes + j->guard;
  int64_t p0, p1;
  qat_share(j->planes, 1, j->parts, part, &p0, &p1);
  for (int64_t p = p0; p < p1; ++p) {
    int64_t b = p / j->channels, c = p % j->channels;
    j->plane(j->x + p * j->n, j->y + b * j->batch_stride + c * j->channel_stride, &g);
  }
}

static void pool_levels(int is_signed, qat_memref4d_i8 *in, qat_memref4d_i8 *out, int64_t pt,
                        int64_t pl, int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t dh,
                        int64_t dw, int64_t flags) {
  int64_t batch = in->sizes[0], channels = in->sizes[1];
  int64_t height = in->sizes[2], width = in->sizes[3];
  int64_t out_height = out->sizes[2], out_width = out->sizes[3];
  /* What the lowering marks (codegen/NNPoolToLinalg.cpp): equal strides of
   * 1 or 2, output rows no wider than the input's, a contiguous input and
   * output rows of unit stride; windows of at most MAX_TAPS rows and
   * columns. */
  int64_t n = height * width;
  if (sh != sw || (sh != 1 && sh != 2) || kh < 1 || kw < 1 || kh > MAX_TAPS ||
      kw > MAX_TAPS || dh < 1 || dw < 1 || out_width > width || out->sizes[0] != batch ||
      out->sizes[1] != channels || out->strides[3] != 1 || in->strides[3] != 1 ||
      in->strides[2] != width || in->strides[1] != n || in->strides[0] != channels * n)
    abort();
  if (batch <= 0 || channels <= 0 || out_height <= 0 || out_width <= 0)
    return;
  int64_t nv = out_height * sh * width;
  plane_shape g = {{{0}}, 0, height, width, out_height, out_width, kh, kw, pt, pl, dh, dw, sh,
                   out->strides[2], (flags & QAT_POOL_START_NEG_INF) != 0, 0,
                   is_signed ? 0x80 : 0, NULL, NULL, out_width};
  g.whole = sh == 1 && out_width == width && g.row_pitch == width;
  /* V[j] reads in[j + d_ky] where 0 <= j + d_ky < n: cut [0, nv) where a
   * tap starts or stops applying. */
  int64_t cuts[2 * MAX_TAPS + 2], d[MAX_TAPS];
  int ncuts = 0;
  cuts[ncuts++] = 0;
  cuts[ncuts++] = nv;
  for (int64_t ky = 0; ky < kh; ++ky) {
    d[ky] = (ky * dh - pt) * width;
    if (-d[ky] > 0 && -d[ky] < nv)
      cuts[ncuts++] = -d[ky];
    if (n - d[ky] > 0 && n - d[ky] < nv)
      cuts[ncuts++] = n - d[ky];
  }
  for (int i = 1; i < ncuts; ++i) /* insertion sort: a few points */
    for (int j = i; j > 0 && cuts[j - 1] > cuts[j]; --j) {
      int64_t t = cuts[j];
      cuts[j] = cuts[j - 1];
      cuts[j - 1] = t;
    }
  g.pieces = 0;
  for (int i = 0; i + 1 < ncuts; ++i) {
    if (cuts[i + 1] <= cuts[i])
      continue;
    row_piece *piece = &g.piece[g.pieces++];
    piece->from = cuts[i];
    piece->to = cuts[i + 1];
    piece->taps = 0;
    for (int64_t ky = 0; ky < kh; ++ky)
      if (piece->from + d[ky] >= 0 && piece->to + d[ky] <= n)
        piece->shift[piece->taps++] = d[ky];
  }
  if (g.whole)
    g.run = out_height * width;
  /* V and its guards: a masked tap reads up to pl + 1 bytes before a row
   * and (kw - 1) dw + 1 after its last column; one vector more each side. */
  int64_t guard = (pl > 0 ? pl : -pl) + (kw - 1) * dw + 128;
  guard += guard & 1; /* V stays 2-aligned: stride-2 taps load words */
  int64_t keep_bytes = kw * g.run;
  int64_t planes = batch * channels;
  int64_t parts = qat_threads_for(planes * out_height * out_width * kh * kw, QAT_PARALLEL_MIN_TAPS);
  parts = parts < planes ? parts : planes;
  /* Each part's V with its guards, 64-byte aligned, then the masks. */
  int64_t v_bytes = (2 * guard + nv + 63) / 64 * 64;
  size_t total = (size_t)(parts * v_bytes + (keep_bytes + 63) / 64 * 64);
  uint8_t *scratch = aligned_alloc(64, total);
  if (!scratch)
    abort();
  for (int64_t part = 0; part < parts; ++part) {
    memset(scratch + part * v_bytes, 0, (size_t)guard);
    memset(scratch + part * v_bytes + guard + nv, 0, (size_t)guard);
  }
  uint8_t *keep = scratch + parts * v_bytes;
  g.keep = keep;
  /* Tap kx's mask: 0xFF where column s ox + kx dw - pl is inside the
   * input (and, over a whole plane, ox < OW), one row repeated. */
  for (int64_t kx = 0; kx < kw; ++kx) {
    uint8_t *row = keep + kx * g.run;
    int64_t cols = g.whole ? width : out_width;
    for (int64_t ox = 0; ox < cols; ++ox) {
      int64_t x = sh * ox + kx * dw - pl;
      row[ox] = ox < out_width && x >= 0 && x < width ? 0xFF : 0;
    }
    for (int64_t at = cols; at < g.run; at += cols)
      memcpy(row + at, row, (size_t)cols);
  }
  qat_isa_level isa = qat_isa(); /* QAT_ISA=avx2 or generic forces the others */
  levels_job job = {
      isa >= QAT_ISA_AVX512 ? plane_avx512 : isa >= QAT_ISA_AVX2 ? plane_avx2 : plane_portable,
      &g, scratch, v_bytes, guard, (const uint8_t *)(in->aligned + in->offset),
      (uint8_t *)(out->aligned + out->offset), channels, n, out->strides[0], out->strides[1],
      planes, parts};
  qat_parallel_for(parts, levels_part, &job);
  free(scratch);
}

/* The entries lowered code calls (NCHW levels), with the arguments of
 * _mlir_ciface_qat_max_pool2d_f32 (maxpool.c). */
void _mlir_ciface_qat_max_pool2d_u8(qat_memref4d_i8 *in, qat_memref4d_i8 *out, int64_t pad_top,
                                    int64_t pad_left, int64_t kh, int64_t kw, int64_t sh,
                                    int64_t sw, int64_t dh, int64_t dw, int64_t flags) {
  pool_levels(0, in, out, pad_top, pad_left, kh, kw, sh, sw, dh, dw, flags);
}

void _mlir_ciface_qat_max_pool2d_i8(qat_memref4d_i8 *in, qat_memref4d_i8 *out, int64_t pad_top,
                                    int64_t pad_left, int64_t kh, int64_t kw, int64_t sh,
                                    int64_t sw, int64_t dh, int64_t dw, int64_t flags) {
  pool_levels(1, in, out, pad_top, pad_left, kh, kw, sh, sw, dh, dw, flags);
}
