//go:build cgo

package lds

// JPEG 2000 (ISO/IEC 15444-1) decoding through OpenJPEG, from memory: the image
// bytes are handed to an opj_stream whose read, skip and seek functions walk a C copy
// of them. Both a bare J2K codestream and a JP2 file are accepted; ICAO 9303-10 allows
// either in a 19794-5 record of image data type 1.

/*
#cgo pkg-config: libopenjp2
#include <stdlib.h>
#include <string.h>
#include <openjpeg.h>

typedef struct { const unsigned char *data; size_t len; size_t pos; } ck_mem;

static OPJ_SIZE_T ck_read(void *buf, OPJ_SIZE_T n, void *user) {
	ck_mem *m = user;
	if (m->pos >= m->len) return (OPJ_SIZE_T)-1;
	size_t left = m->len - m->pos;
	if (n > left) n = left;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return n;
}

static OPJ_OFF_T ck_skip(OPJ_OFF_T n, void *user) {
	ck_mem *m = user;
	if (n < 0 ? (size_t)(-n) > m->pos : (size_t)n > m->len - m->pos) return -1;
	m->pos += n;
	return n;
}

static OPJ_BOOL ck_seek(OPJ_OFF_T off, void *user) {
	ck_mem *m = user;
	if (off < 0 || (size_t)off > m->len) return OPJ_FALSE;
	m->pos = (size_t)off;
	return OPJ_TRUE;
}

typedef struct { char *buf; size_t len; } ck_msg;

static void ck_error(const char *msg, void *user) {
	ck_msg *e = user;
	if (e->buf[0] == 0) { strncpy(e->buf, msg, e->len - 1); e->buf[e->len - 1] = 0; }
}

static void ck_quiet(const char *msg, void *user) { (void)msg; (void)user; }

static int ck_sample(const opj_image_comp_t *c, OPJ_UINT32 x, OPJ_UINT32 y, OPJ_UINT32 w, OPJ_UINT32 h) {
	OPJ_UINT32 cx = (OPJ_UINT32)((unsigned long long)x * c->w / w);
	OPJ_UINT32 cy = (OPJ_UINT32)((unsigned long long)y * c->h / h);
	long v = c->data[(size_t)cy * c->w + cx];
	if (c->sgnd) v += 1L << (c->prec - 1);
	if (c->prec > 8) v >>= (c->prec - 8);
	else if (c->prec < 8) v <<= (8 - c->prec);
	return v < 0 ? 0 : v > 255 ? 255 : (int)v;
}

static int ck_clamp(int v) { return v < 0 ? 0 : v > 255 ? 255 : v; }

// ck_decode decodes a J2K codestream (jp2 == 0) or JP2 file into a malloc'd buffer of
// 1 (grey) or 4 (RGBA) bytes per pixel. It returns 0 on success, 1 on a decoding
// error (message in err), 2 when the image is larger than maxpix pixels.
static int ck_decode(const unsigned char *data, size_t len, int jp2, unsigned long long maxpix,
		unsigned char **out, int *ow, int *oh, int *och, char *err, size_t errlen) {
	ck_mem mem = { data, len, 0 };
	ck_msg msg = { err, errlen };
	int rc = 1;
	opj_image_t *img = NULL;
	opj_stream_t *s = opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_TRUE);
	opj_codec_t *codec = opj_create_decompress(jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K);
	if (s == NULL || codec == NULL) { strncpy(err, "cannot create decoder", errlen - 1); goto done; }
	opj_stream_set_user_data(s, &mem, NULL);
	opj_stream_set_user_data_length(s, len);
	opj_stream_set_read_function(s, ck_read);
	opj_stream_set_skip_function(s, ck_skip);
	opj_stream_set_seek_function(s, ck_seek);
	opj_set_error_handler(codec, ck_error, &msg);
	opj_set_warning_handler(codec, ck_quiet, NULL);
	opj_set_info_handler(codec, ck_quiet, NULL);
	opj_dparameters_t params;
	opj_set_default_decoder_parameters(&params);
	if (!opj_setup_decoder(codec, &params)) goto done;
	if (!opj_read_header(s, codec, &img) || img == NULL) goto done;
	if (img->x1 <= img->x0 || img->y1 <= img->y0 || img->numcomps < 1 || img->numcomps > 4) {
		strncpy(err, "unsupported image geometry", errlen - 1);
		goto done;
	}
	OPJ_UINT32 w = img->x1 - img->x0, h = img->y1 - img->y0;
	if ((unsigned long long)w * h > maxpix) { rc = 2; goto done; }
	if (!opj_decode(codec, s, img) || !opj_end_decompress(codec, s)) goto done;
	for (OPJ_UINT32 i = 0; i < img->numcomps; i++) {
		opj_image_comp_t *c = &img->comps[i];
		if (c->data == NULL || c->w == 0 || c->h == 0 || c->prec < 1 || c->prec > 31) {
			strncpy(err, "component without data", errlen - 1);
			goto done;
		}
	}
	int ch = img->numcomps >= 3 ? 4 : 1;
	unsigned char *buf = malloc((size_t)w * h * ch);
	if (buf == NULL) { strncpy(err, "out of memory", errlen - 1); goto done; }
	int sycc = img->color_space == OPJ_CLRSPC_SYCC;
	for (OPJ_UINT32 y = 0; y < h; y++) {
		for (OPJ_UINT32 x = 0; x < w; x++) {
			unsigned char *p = buf + ((size_t)y * w + x) * ch;
			if (ch == 1) { p[0] = ck_sample(&img->comps[0], x, y, w, h); continue; }
			int a = ck_sample(&img->comps[0], x, y, w, h);
			int b = ck_sample(&img->comps[1], x, y, w, h);
			int c = ck_sample(&img->comps[2], x, y, w, h);
			if (sycc) { // ITU-R BT.601 YCbCr to RGB, 16.16 fixed point
				int cb = b - 128, cr = c - 128;
				int r = a + ((91881 * cr) >> 16);
				int g = a - ((22554 * cb + 46802 * cr) >> 16);
				int bl = a + ((116130 * cb) >> 16);
				a = ck_clamp(r); b = ck_clamp(g); c = ck_clamp(bl);
			}
			p[0] = a; p[1] = b; p[2] = c; p[3] = 255;
		}
	}
	*out = buf; *ow = (int)w; *oh = (int)h; *och = ch;
	rc = 0;
done:
	if (img) opj_image_destroy(img);
	if (codec) opj_destroy_codec(codec);
	if (s) opj_stream_destroy(s);
	return rc;
}
*/
import "C"

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"strings"
	"unsafe"
)

// decodeJPEG2000 decodes a J2K codestream or JP2 file with OpenJPEG.
func decodeJPEG2000(data []byte) (image.Image, error) {
	jp2 := bytes.HasPrefix(data, jp2Signature)
	if !jp2 && !bytes.HasPrefix(data, j2kSOC[:2]) {
		return nil, errors.New("neither a J2K codestream nor a JP2 file")
	}
	cdata := C.CBytes(data)
	defer C.free(cdata)
	var (
		out       *C.uchar
		w, h, ch  C.int
		errbuf    [256]C.char
		jp2Flag   C.int
		maxPixels = C.ulonglong(MaxImagePixels)
	)
	if jp2 {
		jp2Flag = 1
	}
	switch C.ck_decode((*C.uchar)(cdata), C.size_t(len(data)), jp2Flag, maxPixels,
		&out, &w, &h, &ch, &errbuf[0], C.size_t(len(errbuf))) {
	case 0:
	case 2:
		return nil, fmt.Errorf("%w: more than %d pixels", ErrImageTooLarge, MaxImagePixels)
	default:
		msg := strings.TrimSpace(C.GoString(&errbuf[0]))
		if msg == "" {
			msg = "OpenJPEG could not decode the image"
		}
		return nil, errors.New(msg)
	}
	defer C.free(unsafe.Pointer(out))
	pix := C.GoBytes(unsafe.Pointer(out), w*h*ch)
	r := image.Rect(0, 0, int(w), int(h))
	if ch == 1 {
		return &image.Gray{Pix: pix, Stride: int(w), Rect: r}, nil
	}
	return &image.RGBA{Pix: pix, Stride: 4 * int(w), Rect: r}, nil
}
