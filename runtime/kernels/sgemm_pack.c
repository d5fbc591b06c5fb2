/*===- sgemm_pack.c - portable packers of the f32 GEMM ----------------------===*
 *
 * Packing copies a block of each operand into the panels a micro-kernel
 * reads: A (mc x kc) in MR-row panels, B (kc x nc) in NR-column panels, both
 * k-major and zero-padded to whole panels. It absorbs every layout, so the
 * kernels only ever see contiguous panels: strided and transposed matrices,
 * a convolution's input read as an implicit im2col B, and the operands of a
 * convolution's weight gradient (the output gradient as A, the transposed
 * input patches as B). These are plain C for every level; the AVX-512
 * im2col variants are in sgemm_pack_avx512.c, chosen by sgemm_dispatch.c.
 *
 *===----------------------------------------------------------------------===*/
#include "sgemm_internal.h"

#include <string.h>

/* A block (mc x kc) -> panels of MR rows, k-major, zero-padded rows. */
void pack_a(int64_t MR, int64_t mc, int64_t kc, const float *a, int64_t rs, int64_t cs,
            float *ap) {
  for (int64_t i = 0; i < mc; i += MR) {
    int64_t mr = min64(MR, mc - i);
    for (int64_t k = 0; k < kc; ++k) {
      const float *src = a + i * rs + k * cs;
      int64_t r = 0;
      for (; r < mr; ++r)
        ap[r] = src[r * rs];
      for (; r < MR; ++r)
        ap[r] = 0.0f;
      ap += MR;
    }
  }
}

/* B block (kc x nc) -> panels of NR columns, k-major, zero-padded columns. */
void pack_a_blocks(int64_t MR, int64_t m, int64_t k, const float *a, int64_t rs, int64_t cs,
                   float *ap) {
  int64_t mpad = (m + MR - 1) / MR * MR;
  for (int64_t pc = 0; pc < k; pc += KC)
    pack_a(MR, m, min64(KC, k - pc), a + pc * cs, rs, cs, ap + pc * mpad);
}

void pack_a_even(int64_t MR, int64_t m, int64_t k, const float *a, int64_t rs, int64_t cs,
                 float *ap) {
  int64_t panels = (m + MR - 1) / MR, mpad = panels * MR;
  for (int64_t pc = 0; pc < k; pc += KC) {
    int64_t kc = min64(KC, k - pc);
    for (int64_t t = 0; t < panels; ++t) {
      int64_t r0 = even_row(m, panels, t), r1 = even_row(m, panels, t + 1);
      pack_a(MR, r1 - r0, kc, a + r0 * rs + pc * cs, rs, cs, ap + pc * mpad + t * MR * kc);
    }
  }
}

void pack_b(int64_t NR, int64_t kc, int64_t nc, const float *b, int64_t rs, int64_t cs,
                   float *bp) {
  for (int64_t j = 0; j < nc; j += NR) {
    int64_t nr = min64(NR, nc - j);
    for (int64_t k = 0; k < kc; ++k) {
      const float *src = b + k * rs + j * cs;
      if (cs == 1 && nr == NR) {
        memcpy(bp, src, NR * sizeof(float));
      } else {
        int64_t c = 0;
        for (; c < nr; ++c)
          bp[c] = src[c * cs];
        for (; c < NR; ++c)
          bp[c] = 0.0f;
      }
      bp += NR;
    }
  }
}

void pack_dense_b(const b_source *src, int64_t NR, int64_t pc, int64_t kc, int64_t jc, int64_t nc,
                  float *bp) {
  pack_b(NR, kc, nc, src->b + pc * src->rs + jc * src->cs, src->rs, src->cs, bp);
}

/* B[k, j] of a convolution: k = (c, kh, kw), j = (oh, ow), read from one
 * (padded) image [channels, height, width] without materializing im2col. */
void pack_im2col_b(const b_source *src, int64_t NR, int64_t pc, int64_t kc, int64_t jc,
                   int64_t nc, float *bp) {
  int64_t width = src->width, height = src->height, sw = src->sw;
  int64_t plane[KC], row0[KC], col0[KC], ow_lo[KC], ow_hi[KC];
  im2col_rows(src, pc, kc, plane, row0, col0);
  for (int64_t k = 0; k < kc; ++k) {
    /* Output columns ow with 0 <= ow * sw + col0 < width: [ow_lo, ow_hi). */
    ow_lo[k] = col0[k] >= 0 ? 0 : (-col0[k] + sw - 1) / sw;
    ow_hi[k] = width - col0[k] <= 0 ? 0 : (width - col0[k] + sw - 1) / sw;
  }
  /* Panel by panel, so the packed buffer is written sequentially. A panel's
   * columns form runs along output rows; a run reads one input row with
   * stride sw, and positions in the padding read as zero. */
  for (int64_t j = 0; j < nc; j += NR) {
    int64_t nr = min64(NR, nc - j);
    int64_t first_oh = (jc + j) / src->out_w, first_ow = (jc + j) % src->out_w;
    for (int64_t k = 0; k < kc; ++k, bp += NR) {
      int64_t oh = first_oh, ow = first_ow;
      for (int64_t t = 0; t < nr;) {
        int64_t run = min64(src->out_w - ow, nr - t);
        float *dst = bp + t;
        int64_t y = oh * src->sh + row0[k], x0 = ow * sw + col0[k];
        if (y < 0 || y >= height) {
          memset(dst, 0, (size_t)run * sizeof(float));
        } else {
          /* Elements e in [lo, hi) of the run read inside the row. */
          int64_t lo = ow_lo[k] - ow, hi = ow_hi[k] - ow;
          lo = lo < 0 ? 0 : lo > run ? run : lo;
          hi = hi < lo ? lo : hi > run ? run : hi;
          const float *from = src->b + plane[k] + y * width + x0;
          for (int64_t e = 0; e < lo; ++e)
            dst[e] = 0.0f;
          if (sw == 1)
            memcpy(dst + lo, from + lo, (size_t)(hi - lo) * sizeof(float));
          else
            for (int64_t e = lo; e < hi; ++e)
              dst[e] = from[e * sw];
          for (int64_t e = hi; e < run; ++e)
            dst[e] = 0.0f;
        }
        t += run;
        ow += run;
        if (ow == src->out_w) {
          ow = 0;
          ++oh;
        }
      }
      for (int64_t t = nr; t < NR; ++t)
        bp[t] = 0.0f;
    }
  }
}

/* A[f, k] = grad[n, f, p] with k = (n, p): the output gradient of a
 * convolution as the left operand of its weight gradient. */
void pack_grad_a(const a_source *src, int64_t MR, int64_t ic, int64_t mc, int64_t pc, int64_t kc,
                 float *ap) {
  int64_t P = src->positions, F = src->rows;
  for (int64_t i = 0; i < mc; i += MR) {
    int64_t mr = min64(MR, mc - i);
    int64_t n = pc / P, p = pc % P;
    for (int64_t k = 0; k < kc; ++k) {
      const float *col = src->a + (n * F + ic + i) * P + p;
      int64_t r = 0;
      for (; r < mr; ++r)
        ap[r] = col[r * P];
      for (; r < MR; ++r)
        ap[r] = 0.0f;
      ap += MR;
      if (++p == P) {
        p = 0;
        ++n;
      }
    }
  }
}

/* B[k, j] = input[n, c, oh * sh + ky * dh - pad_top, ow * sw + kx * dw - pad_left]
 * with k = (n, oh, ow) and j = (c, ky, kx): the input patches, transposed,
 * as the right operand of a convolution's weight gradient. Column by
 * column, a column's values along one output row are a run of an input row
 * (strided by sw); positions in the padding read as zero. */
void pack_patches_t_b(const b_source *src, int64_t NR, int64_t pc, int64_t kc, int64_t jc,
                      int64_t nc, float *bp) {
  int64_t H = src->height, W = src->width, OW = src->out_w, taps = src->kh * src->kw;
  int64_t P = src->out_h * OW, plane = H * W, image = src->channels * plane;
  for (int64_t j = 0; j < nc; j += NR, bp += NR * kc) {
    int64_t nr = min64(NR, nc - j);
    for (int64_t t = 0; t < NR; ++t) {
      float *dst = bp + t;
      if (t >= nr) {
        for (int64_t k = 0; k < kc; ++k)
          dst[k * NR] = 0.0f;
        continue;
      }
      int64_t col = jc + j + t, c = col / taps, ky = col % taps / src->kw, kx = col % src->kw;
      int64_t dy = ky * src->dh - src->pad_top, dx = kx * src->dw - src->pad_left;
      int64_t n = pc / P, p = pc % P, oh = p / OW, ow = p % OW;
      for (int64_t k = 0; k < kc;) {
        /* The rest of output row oh of image n, or of the block. */
        int64_t run = min64(OW - ow, kc - k);
        int64_t y = oh * src->sh + dy;
        const float *row = src->b + n * image + c * plane + y * W;
        for (int64_t e = 0; e < run; ++e) {
          int64_t x = (ow + e) * src->sw + dx;
          dst[(k + e) * NR] = y >= 0 && y < H && x >= 0 && x < W ? row[x] : 0.0f;
        }
        k += run;
        ow += run;
        if (ow == OW) {
          ow = 0;
          if (++oh == src->out_h) {
            oh = 0;
            ++n;
          }
        }
      }
    }
  }
}
