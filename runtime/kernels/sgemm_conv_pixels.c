/*===- sgemm_conv_pixels.c - pixel-major convolutions read in place ---------===*
 *
 * A convolution group computed pixel-major, C^T = im2col^T W^T (sgemm.c's
 * pixels_pay: resnet18's 14x14 and 7x7 layers, whose pixels fill the
 * 32-lane panels badly and whose filters fill them well, and 1x1 windows
 * at stride 2), without packing
 * im2col^T: the micro-kernel (pixels_kernel) broadcasts each pixel's value
 * from the input where it lies, at a per-step offset from a per-pixel
 * start. The packed im2col^T of a 3x3 layer is nine copies of its input
 * (1.8 MB for 256 channels on 14x14) and on several threads was packed by
 * the threads together and read by each, half of it from the other core's
 * cache; here each thread reads the input itself (zero-padded once into a
 * copy when the windows reach past it).
 *
 * The loops are sgemm_blocked's over the same 12x32 tiles, K blocks and
 * cached W^T panels, the tiles stored transposed with the same epilogue:
 * every output sums the same products in the same order, so the bits are
 * those of the packed route, on any number of threads.
 *
 *===----------------------------------------------------------------------===*/
#include "sgemm_internal.h"
#include "thread_pool.h"

#include <immintrin.h>

enum { PIXELS_MR = 12, PIXELS_NR = 32 };

/* Output floats (pixels x filters) whose partial sums stay in the L2 cache
 * between K blocks: the pixels pass through every K block a chunk at a
 * time, as the windows' panels do (conv_window_avx512.c). */
enum { PIXELS_C_FLOATS = 64 * 1024 };

typedef struct pixels_conv {
  const conv_direct_args *a;
  pixels_kernel kernel;
  const float *src;      /* the input, or its zero-padded copy */
  const int64_t *steps;  /* per reduction step k = (c, ky, kx): its offset in src */
  const int64_t *pixels; /* per output pixel: the offset of its window's corner */
  const float *b;        /* W^T in NR-column panels per K block (the weight cache's layout) */
  int64_t k, n, npad;
  int64_t taps, plane; /* per channel: steps, floats of src */
  int by_columns;
  int64_t tiles; /* of pixels: ceil(n / MR), as equal as can be (tile_start) */
  int64_t units, ranges; /* panels x tiles (by columns) or tiles, cut into `ranges` */
} pixels_conv;

/* Tile t's first pixel. The tiles differ by at most one pixel: 49 pixels
 * (a 7x7 image) are 10 + 10 + 10 + 10 + 9 rather than 4 x 12 + 1, whose
 * last tile ran the 4-row kernel for one pixel (layer4 of resnet18: 52
 * rows' steps per 49 pixels). */
static int64_t tile_start(const pixels_conv *p, int64_t t) { return t * p->n / p->tiles; }

/* Tiles [m0, m1) of pixels by filters [f0, f1) (a multiple of NR); an
 * empty range (qat_share may give a slow thread none of few panels) does
 * nothing. */
static void pixels_block(const pixels_conv *p, int64_t m0, int64_t m1, int64_t f0, int64_t f1) {
  if (m1 <= m0 || f1 <= f0)
    return;
  const conv_direct_args *a = p->a;
  const qat_epilogue *epi = a->epi;
  int32_t flags = epi ? epi->flags : 0;
  int64_t n = p->n, k = p->k;
  int64_t chunk = PIXELS_C_FLOATS / (f1 - f0) / PIXELS_MR; /* tiles */
  chunk = chunk < 1 ? 1 : chunk;
  for (int64_t q0 = m0; q0 < m1; q0 += chunk) {
    int64_t q1 = min64(m1, q0 + chunk), tiles = q1 - q0;
    for (int64_t pc = 0; pc < k; pc += KC) {
      int64_t kc = min64(KC, k - pc);
      int first = pc == 0, last = pc + kc == k;
      int clamp = last && (flags & QAT_EPI_CLAMP);
      store_op op = {first && (flags & (QAT_EPI_INIT_ZERO | QAT_EPI_INIT_BIAS)),
                     clamp,
                     clamp && qat_lo_is_plus_zero(epi->lo),
                     1,
                     NULL,
                     NULL,
                     epi ? epi->lo : 0.0f,
                     epi ? epi->hi : 0.0f,
                     NULL,
                     0};
      const float *panels = p->b + pc * p->npad;
      for (int64_t jr = f0; jr < f1; jr += PIXELS_NR) {
        int64_t nr = min64(PIXELS_NR, a->filters - jr);
        const float *panel = panels + jr * kc;
        /* The next panel of W^T (from memory: 9.4 MB per layer4 layer),
         * the next K block's first after the last, is fetched while this
         * one's tiles compute, a share per tile, as sgemm_blocked does. */
        int64_t lines = 0;
        const char *next = NULL;
        if (jr + PIXELS_NR < f1) {
          lines = kc * PIXELS_NR * (int64_t)sizeof(float) / 64;
          next = (const char *)(panel + PIXELS_NR * kc);
        } else if (pc + kc < k) {
          int64_t kn = min64(KC, k - pc - kc);
          lines = kn * PIXELS_NR * (int64_t)sizeof(float) / 64;
          next = (const char *)(p->b + (pc + kc) * p->npad + f0 * kn);
        }
        /* And the next K block's input (its channels' planes, when they
         * are at most 64 KB: a small image's), into the L2 from the first
         * panel's tiles: on several threads half of it was written by the
         * other core. */
        const char *ahead = NULL;
        int64_t ahead_lines = 0;
        if (jr == f0 && pc + kc < k) {
          int64_t c0 = (pc + kc) / p->taps;
          int64_t c1 = min64(a->channels, (pc + kc + KC + p->taps - 1) / p->taps);
          ahead = (const char *)(p->src + c0 * p->plane);
          ahead_lines = (c1 - c0) * p->plane * (int64_t)sizeof(float) / 64;
          ahead_lines = ahead_lines > 1024 ? 0 : ahead_lines;
        }
        for (int64_t t = 0; t < tiles; ++t) {
          int64_t ir = tile_start(p, q0 + t), mr = tile_start(p, q0 + t + 1) - ir;
          for (int64_t l = t * ahead_lines / tiles; l < (t + 1) * ahead_lines / tiles; ++l)
            _mm_prefetch(ahead + 64 * l, _MM_HINT_T1);
          const float *pix[PIXELS_MR];
          for (int64_t r = 0; r < PIXELS_MR; ++r)
            pix[r] = p->src + p->pixels[ir + (r < mr ? r : mr - 1)];
          int64_t at = ir + jr * n;
          op.bias = first && (flags & QAT_EPI_INIT_BIAS) ? epi->bias + jr : NULL;
          op.res = last && (flags & QAT_EPI_RESIDUAL) ? epi->residual + at : NULL;
          if (next) {
            op.prefetch = next + t * lines / tiles * 64;
            op.prefetch_lines = min64(kc, (t + 1) * lines / tiles - t * lines / tiles);
          }
          p->kernel(kc, pix, p->steps + pc, panel, a->out + at, 1, n, mr, nr, &op);
        }
      }
    }
  }
}

/* By columns a range is of (panel, tile) units, panel by panel
 * (qat_grid_pieces). */
static void pixels_range(void *ctx, int64_t r) {
  const pixels_conv *p = (const pixels_conv *)ctx;
  int64_t u0, u1;
  qat_share(p->units, 1, p->ranges, r, &u0, &u1);
  if (!p->by_columns) {
    pixels_block(p, u0, u1, 0, p->a->filters);
    return;
  }
  qat_grid_piece piece[3];
  for (int i = 0, n = qat_grid_pieces(u0, u1, p->tiles, piece); i < n; ++i)
    pixels_block(p, piece[i].col0, piece[i].col1, piece[i].row0 * PIXELS_NR,
                 min64(p->a->filters, piece[i].row1 * PIXELS_NR));
}

/* The input with `top`/`left` zero rows/columns before its own and zeros
 * after them, in planes of rows x cols. */
typedef struct padded_copy {
  const conv_direct_args *a;
  float *to;
  int64_t rows, cols;
} padded_copy;

/* Rows of a few to a few dozen floats (7-16 for resnet18's 14x14 and 7x7
 * layers), in masked vector stores: as memset/memcpy calls, three per row,
 * the calls were most of the copy (~1.8% of resnet18 on 2 threads on the
 * calling thread), and as scalar loops 1.6%. Each vector of a padded row
 * is stored once, its zeros and its input values together (a zero fill of
 * the row, then the copy over it, stored most lines twice). The route is
 * AVX-512's alone (pixels_pay). */
static inline __mmask16 lanes_below(int64_t n) {
  return n <= 0 ? 0 : n >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << n) - 1);
}

__attribute__((target("avx512f"))) static void pad_channels(void *ctx, int64_t c0, int64_t c1) {
  const padded_copy *s = (const padded_copy *)ctx;
  const conv_direct_args *a = s->a;
  int64_t pl = a->pl, width = a->width, cols = s->cols;
  __m512 zero = _mm512_setzero_ps();
  for (int64_t c = c0; c < c1; ++c)
    for (int64_t y = 0; y < s->rows; ++y) {
      float *row = s->to + (c * s->rows + y) * cols;
      int64_t iy = y - a->pt;
      if (iy < 0 || iy >= a->height) {
        for (int64_t x = 0; x < cols; x += 16)
          _mm512_mask_storeu_ps(row + x, lanes_below(cols - x), zero);
        continue;
      }
      /* Lane l of the vector at x holds input column x + l - pl: read where
       * that lies in the row (masked-off lanes are not read; integer
       * arithmetic, the address may lie before the row). */
      uintptr_t from = (uintptr_t)(a->in + (c * a->height + iy) * width);
      for (int64_t x = 0; x < cols; x += 16) {
        __mmask16 in = lanes_below(pl + width - x) & (__mmask16)~lanes_below(pl - x);
        __m512 v = _mm512_maskz_loadu_ps(in, (const float *)(from + (uintptr_t)(x - pl) * 4));
        _mm512_mask_storeu_ps(row + x, lanes_below(cols - x), v);
      }
    }
}

int conv_pixels(const conv_direct_args *a, pixels_kernel kernel) {
  int64_t taps = a->kh * a->kw, k = a->channels * taps, n = a->out_h * a->out_w;
  if (k <= 0 || n <= 0 || a->filters <= 0 || a->pt < 0 || a->pl < 0)
    return 1;
  /* The planes every window fits in: the input after pt / pl zeros, as long
   * as the last window reaches. */
  int64_t rows = a->height + a->pt, cols = a->width + a->pl;
  int64_t reach_y = (a->out_h - 1) * a->sh + (a->kh - 1) * a->dh + 1;
  int64_t reach_x = (a->out_w - 1) * a->sw + (a->kw - 1) * a->dw + 1;
  rows = rows > reach_y ? rows : reach_y;
  cols = cols > reach_x ? cols : reach_x;
  int copy = a->pt > 0 || a->pl > 0 || rows > a->height || cols > a->width;
  int64_t npad = (a->filters + PIXELS_NR - 1) / PIXELS_NR * PIXELS_NR;
  float *padded = copy ? alloc_floats((size_t)(a->channels * rows * cols)) : NULL;
  int64_t *steps = malloc((size_t)(k + n) * sizeof(int64_t));
  const float *b = a->weight_constant ? packed_constant_b(PIXELS_NR, a->filters, k, a->w, 1, k)
                                      : NULL;
  float *own = b ? NULL : alloc_floats((size_t)(npad * k));
  if ((copy && !padded) || !steps || (!b && !own)) {
    free_floats(padded);
    free(steps);
    free_floats(own);
    return 1;
  }
  if (own) {
    for (int64_t pc = 0; pc < k; pc += KC)
      pack_b(PIXELS_NR, min64(KC, k - pc), a->filters, a->w + pc, 1, k, own + pc * npad);
    b = own;
  }
  if (copy) {
    /* On the threads from 16K floats: the input's channels were written by
     * the threads of the layer before, cut the same way, and on one thread
     * half of them came from the other core's cache (layer4's 512 x 9 x 9:
     * the copy was 1.1% of resnet18's time on the calling thread). */
    padded_copy s = {a, padded, rows, cols};
    if (qat_threads_for(a->channels * rows * cols, QAT_PARALLEL_MIN_TAPS / 4) > 1)
      qat_parallel_range(0, a->channels, 1, pad_channels, &s);
    else
      pad_channels(&s, 0, a->channels);
  }
  /* Nested loops, no divisions: these run on the calling thread before
   * the job (layer4's 4,608 steps by i / taps, i % taps, ... were ~0.4% of
   * resnet18's time there). */
  int64_t *pixels = steps + k, *step = steps, *pixel = pixels;
  for (int64_t c = 0; c < a->channels; ++c)
    for (int64_t ky = 0; ky < a->kh; ++ky)
      for (int64_t kx = 0; kx < a->kw; ++kx)
        *step++ = (c * rows + ky * a->dh) * cols + kx * a->dw;
  for (int64_t oh = 0; oh < a->out_h; ++oh)
    for (int64_t ow = 0; ow < a->out_w; ++ow)
      *pixel++ = oh * a->sh * cols + ow * a->sw;
  /* As sgemm_blocked cuts C: by columns when every thread gets four panels,
   * else by rows when every thread gets a tile, else by columns when every
   * thread gets a panel. By columns the cuts fall between tiles of a panel
   * (panel-major units): resnet18's layer3 has 8 panels, and the measured
   * shares (qat_share) of 8 rounded to 4 and 4 whenever the threads' speeds
   * differed by less than 25%: one thread waited 8% of those layers' time
   * on 2 threads, 13% over layer4's 16 panels. */
  int64_t threads = qat_threads_for(n * a->filters * k, QAT_PARALLEL_MIN_MACS);
  int64_t panels = npad / PIXELS_NR, tiles = (n + PIXELS_MR - 1) / PIXELS_MR;
  pixels_conv p = {a,           kernel, copy ? padded : a->in, steps, pixels, b, k, n, npad, taps,
                   rows * cols, 1,      tiles,                 panels * tiles, 1};
  if (threads > 1 && panels >= 4 * threads)
    p.ranges = threads;
  else if (threads > 1 && tiles >= threads) {
    p.by_columns = 0;
    p.units = tiles;
    p.ranges = threads;
  } else if (threads > 1 && panels >= threads)
    p.ranges = threads;
  qat_parallel_for(p.ranges, pixels_range, &p);
  free_floats(padded);
  free(steps);
  free_floats(own);
  return 0;
}
