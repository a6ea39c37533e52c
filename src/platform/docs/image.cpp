#include "platform/docs/image.hpp"

#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

// clang-format off
#include <jpeglib.h>
#include <jerror.h>
// clang-format on
#include <png.h>
#include <webp/decode.h>

#include "platform/docs/file_type.hpp"

namespace trame::docs {

namespace {

// 8-bit RGB (3 channels) or RGBA (4, not premultiplied), rows top to bottom.
struct Raster {
  int width = 0;
  int height = 0;
  int channels = 3;
  std::vector<unsigned char> pixels;
};

// The size of `w`×`h` fit in the box, aspect kept, never larger than it was.
std::pair<int, int> fit(int w, int h, int box_w, int box_h) {
  if (w <= box_w && h <= box_h) return {w, h};
  double scale = std::min(static_cast<double>(box_w) / w, static_cast<double>(box_h) / h);
  int nw = std::clamp(static_cast<int>(std::lround(w * scale)), 1, box_w);
  int nh = std::clamp(static_cast<int>(std::lround(h * scale)), 1, box_h);
  return {nw, nh};
}

// The part of a `w`×`h` picture that is kept: all of it, or (cover) the centred largest part of the
// box's shape.
std::pair<int, int> kept(int w, int h, int box_w, int box_h, bool cover) {
  if (!cover) return {w, h};
  long long kw = std::min<long long>(w, std::llround(static_cast<double>(h) * box_w / box_h));
  long long kh = std::min<long long>(h, std::llround(static_cast<double>(w) * box_h / box_w));
  return {static_cast<int>(std::max(1LL, kw)), static_cast<int>(std::max(1LL, kh))};
}

// The size the kept part is shrunk to: the box itself when covering it (its exact shape, whatever the
// rounding of the part), else fit in it.
std::pair<int, int> target(int kw, int kh, int box_w, int box_h, bool cover) {
  if (cover && kw >= box_w && kh >= box_h) return {box_w, box_h};
  return fit(kw, kh, box_w, box_h);
}

bool too_many(long long w, long long h, const ImageLimits& limits) {
  return w <= 0 || h <= 0 || w * h > limits.max_pixels;
}

// ---- EXIF orientation (APP1 "Exif\0\0" + TIFF, tag 0x0112 of IFD0) ----

int exif_orientation(const unsigned char* data, std::size_t size) {
  if (size < 6 + 8 || std::memcmp(data, "Exif\0\0", 6) != 0) return 1;
  const unsigned char* t = data + 6;
  std::size_t n = size - 6;
  bool little = t[0] == 'I' && t[1] == 'I';
  if (!little && !(t[0] == 'M' && t[1] == 'M')) return 1;
  auto u16 = [&](std::size_t at) -> unsigned { return little ? t[at] | (t[at + 1] << 8) : (t[at] << 8) | t[at + 1]; };
  auto u32 = [&](std::size_t at) -> unsigned long {
    return little ? t[at] | (t[at + 1] << 8) | (t[at + 2] << 16) | (static_cast<unsigned long>(t[at + 3]) << 24)
                  : (static_cast<unsigned long>(t[at]) << 24) | (t[at + 1] << 16) | (t[at + 2] << 8) | t[at + 3];
  };
  if (u16(2) != 42) return 1;
  unsigned long ifd = u32(4);
  if (ifd + 2 > n) return 1;
  unsigned count = u16(ifd);
  for (unsigned i = 0; i < count; ++i) {
    std::size_t entry = ifd + 2 + 12 * static_cast<std::size_t>(i);
    if (entry + 12 > n) return 1;
    if (u16(entry) == 0x0112 && u16(entry + 2) == 3) {
      unsigned v = u16(entry + 8);
      return v >= 1 && v <= 8 ? static_cast<int>(v) : 1;
    }
  }
  return 1;
}

// ---- JPEG (libjpeg-turbo) ----

struct JpegErrors {
  jpeg_error_mgr mgr;
  std::jmp_buf jump;
  bool corrupt = false;
};

void jpeg_fail(j_common_ptr common) {
  std::longjmp(reinterpret_cast<JpegErrors*>(common->err)->jump, 1);
}

// Warnings are silent; the ones that mean missing or broken data make the picture refused.
void jpeg_warn(j_common_ptr common, int level) {
  if (level >= 0) return;
  int code = common->err->msg_code;
  if (code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER || code == JWRN_MUST_RESYNC)
    reinterpret_cast<JpegErrors*>(common->err)->corrupt = true;
}

struct JpegDecoder {
  jpeg_decompress_struct cinfo{};
  JpegErrors errors{};
  bool created = false;
  std::vector<unsigned char> row;  // here, not on the stack: a longjmp must skip no destructor
  ~JpegDecoder() {
    if (created) jpeg_destroy_decompress(&cinfo);
  }
};

// Decodes at the smallest DCT scale (1/1, 1/2, 1/4, 1/8) still at least as large as the result.
ImageProblem decode_jpeg(std::string_view bytes, const ImageLimits& limits, Raster& out, int& orientation) {
  auto d = std::make_unique<JpegDecoder>();
  d->cinfo.err = jpeg_std_error(&d->errors.mgr);
  d->errors.mgr.error_exit = jpeg_fail;
  d->errors.mgr.emit_message = jpeg_warn;
  if (setjmp(d->errors.jump)) return ImageProblem::unreadable;
  jpeg_create_decompress(&d->cinfo);
  d->created = true;
  jpeg_mem_src(&d->cinfo, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  jpeg_save_markers(&d->cinfo, JPEG_APP0 + 1, 0xFFFF);
  jpeg_read_header(&d->cinfo, TRUE);
  long long w = d->cinfo.image_width, h = d->cinfo.image_height;
  if (too_many(w, h, limits)) return ImageProblem::too_many_pixels;
  orientation = 1;
  for (auto* m = d->cinfo.marker_list; m; m = m->next)
    if (m->marker == JPEG_APP0 + 1 && m->data_length >= 6 && std::memcmp(m->data, "Exif\0\0", 6) == 0) {
      orientation = exif_orientation(m->data, m->data_length);
      break;
    }
  bool swap = orientation >= 5;
  int box_w = swap ? limits.max_height : limits.max_width, box_h = swap ? limits.max_width : limits.max_height;
  auto [kw, kh] = kept(static_cast<int>(w), static_cast<int>(h), box_w, box_h, limits.cover);
  auto [tw, th] = target(kw, kh, box_w, box_h, limits.cover);
  unsigned denom = 1;
  for (unsigned candidate : {8u, 4u, 2u})
    if ((kw + static_cast<int>(candidate) - 1) / static_cast<int>(candidate) >= tw &&
        (kh + static_cast<int>(candidate) - 1) / static_cast<int>(candidate) >= th) {
      denom = candidate;
      break;
    }
  d->cinfo.scale_num = 1;
  d->cinfo.scale_denom = denom;
  bool cmyk = d->cinfo.jpeg_color_space == JCS_CMYK || d->cinfo.jpeg_color_space == JCS_YCCK;
  d->cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
  jpeg_start_decompress(&d->cinfo);
  out.width = static_cast<int>(d->cinfo.output_width);
  out.height = static_cast<int>(d->cinfo.output_height);
  out.channels = 3;
  out.pixels.assign(static_cast<std::size_t>(out.width) * out.height * 3, 0);
  d->row.resize(static_cast<std::size_t>(out.width) * d->cinfo.output_components);
  bool inverted = d->cinfo.saw_Adobe_marker;
  while (d->cinfo.output_scanline < d->cinfo.output_height) {
    std::size_t y = d->cinfo.output_scanline;
    unsigned char* row = d->row.data();
    JSAMPROW rows[1] = {row};
    if (jpeg_read_scanlines(&d->cinfo, rows, 1) != 1) return ImageProblem::unreadable;
    unsigned char* target = out.pixels.data() + y * out.width * 3;
    if (!cmyk) {
      std::memcpy(target, row, static_cast<std::size_t>(out.width) * 3);
      continue;
    }
    for (int x = 0; x < out.width; ++x) {
      const unsigned char* p = row + 4 * x;
      unsigned k = inverted ? p[3] : 255 - p[3];
      for (int c = 0; c < 3; ++c) {
        unsigned v = inverted ? p[c] : 255 - p[c];
        target[3 * x + c] = static_cast<unsigned char>((v * k + 127) / 255);
      }
    }
  }
  jpeg_finish_decompress(&d->cinfo);
  return d->errors.corrupt ? ImageProblem::unreadable : ImageProblem::none;
}

struct JpegEncoder {
  jpeg_compress_struct cinfo{};
  JpegErrors errors{};
  bool created = false;
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  ~JpegEncoder() {
    if (created) jpeg_destroy_compress(&cinfo);
    std::free(buffer);
  }
};

// Progressive, optimised Huffman tables, 4:2:0, a JFIF header and nothing else.
bool encode_jpeg(const Raster& r, int quality, std::string& out) {
  auto e = std::make_unique<JpegEncoder>();
  e->cinfo.err = jpeg_std_error(&e->errors.mgr);
  e->errors.mgr.error_exit = jpeg_fail;
  e->errors.mgr.emit_message = jpeg_warn;
  if (setjmp(e->errors.jump)) return false;
  jpeg_create_compress(&e->cinfo);
  e->created = true;
  jpeg_mem_dest(&e->cinfo, &e->buffer, &e->size);
  e->cinfo.image_width = static_cast<JDIMENSION>(r.width);
  e->cinfo.image_height = static_cast<JDIMENSION>(r.height);
  e->cinfo.input_components = 3;
  e->cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults(&e->cinfo);
  jpeg_set_quality(&e->cinfo, quality, TRUE);
  e->cinfo.optimize_coding = TRUE;
  jpeg_simple_progression(&e->cinfo);
  jpeg_start_compress(&e->cinfo, TRUE);
  while (e->cinfo.next_scanline < e->cinfo.image_height) {
    auto* row =
        const_cast<unsigned char*>(r.pixels.data() + static_cast<std::size_t>(e->cinfo.next_scanline) * r.width * 3);
    JSAMPROW rows[1] = {row};
    jpeg_write_scanlines(&e->cinfo, rows, 1);
  }
  jpeg_finish_compress(&e->cinfo);
  out.assign(reinterpret_cast<const char*>(e->buffer), e->size);
  return true;
}

// ---- PNG (libpng's simplified API: palette, grey, 16 bits, tRNS, interlace all become 8-bit RGB(A)) ----

ImageProblem decode_png(std::string_view bytes, const ImageLimits& limits, Raster& out) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size())) return ImageProblem::unreadable;
  if (too_many(image.width, image.height, limits)) {
    png_image_free(&image);
    return ImageProblem::too_many_pixels;
  }
  bool alpha = (image.format & PNG_FORMAT_FLAG_ALPHA) != 0;
  image.format = alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
  out.width = static_cast<int>(image.width);
  out.height = static_cast<int>(image.height);
  out.channels = alpha ? 4 : 3;
  out.pixels.resize(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, out.pixels.data(), 0, nullptr)) return ImageProblem::unreadable;
  return ImageProblem::none;
}

bool encode_png(const Raster& r, std::string& out) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(r.width);
  image.height = static_cast<png_uint_32>(r.height);
  image.format = r.channels == 4 ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&image, nullptr, &size, 0, r.pixels.data(), 0, nullptr)) return false;
  out.resize(size);
  if (!png_image_write_to_memory(&image, out.data(), &size, 0, r.pixels.data(), 0, nullptr)) return false;
  out.resize(size);
  return true;
}

// ---- WebP (still pictures; an animation is refused) ----

ImageProblem decode_webp(std::string_view bytes, const ImageLimits& limits, Raster& out) {
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  WebPBitstreamFeatures features;
  if (WebPGetFeatures(data, bytes.size(), &features) != VP8_STATUS_OK || features.has_animation)
    return ImageProblem::unreadable;
  if (too_many(features.width, features.height, limits)) return ImageProblem::too_many_pixels;
  out.width = features.width;
  out.height = features.height;
  out.channels = features.has_alpha ? 4 : 3;
  int stride = out.width * out.channels;
  out.pixels.resize(static_cast<std::size_t>(stride) * out.height);
  uint8_t* done = features.has_alpha
                      ? WebPDecodeRGBAInto(data, bytes.size(), out.pixels.data(), out.pixels.size(), stride)
                      : WebPDecodeRGBInto(data, bytes.size(), out.pixels.data(), out.pixels.size(), stride);
  return done ? ImageProblem::none : ImageProblem::unreadable;
}

// ---- area (box) filter: each result pixel is the mean of the source area it covers ----

struct Span {
  int first = 0;
  std::vector<float> weights;
};

std::vector<Span> spans(int source, int target) {
  std::vector<Span> out(static_cast<std::size_t>(target));
  double scale = static_cast<double>(source) / target;
  for (int t = 0; t < target; ++t) {
    double a = t * scale, b = (t + 1) * scale;
    int first = static_cast<int>(std::floor(a));
    int last = std::min(source, static_cast<int>(std::ceil(b)));
    out[t].first = first;
    for (int s = first; s < last; ++s) {
      double covered = std::min(b, s + 1.0) - std::max(a, static_cast<double>(s));
      out[t].weights.push_back(static_cast<float>(std::max(0.0, covered) / scale));
    }
  }
  return out;
}

// Colours are averaged weighted by their alpha, so that transparent pixels do not darken edges.
Raster shrink(const Raster& r, int width, int height) {
  if (width == r.width && height == r.height) return r;
  const int c = r.channels;
  auto columns = spans(r.width, width);
  auto lines = spans(r.height, height);
  Raster out{width, height, c, std::vector<unsigned char>(static_cast<std::size_t>(width) * height * c)};
  std::vector<float> across(static_cast<std::size_t>(width) * c);
  std::vector<float> sum(static_cast<std::size_t>(width) * c);
  for (int y = 0; y < height; ++y) {
    std::fill(sum.begin(), sum.end(), 0.0f);
    const Span& line = lines[y];
    for (std::size_t k = 0; k < line.weights.size(); ++k) {
      const unsigned char* src = r.pixels.data() + static_cast<std::size_t>(line.first + k) * r.width * c;
      std::fill(across.begin(), across.end(), 0.0f);
      for (int x = 0; x < width; ++x) {
        const Span& column = columns[x];
        float* acc = across.data() + static_cast<std::size_t>(x) * c;
        for (std::size_t j = 0; j < column.weights.size(); ++j) {
          const unsigned char* p = src + static_cast<std::size_t>(column.first + j) * c;
          float w = column.weights[j];
          if (c == 4) {
            float wa = w * p[3];
            acc[0] += wa * p[0];
            acc[1] += wa * p[1];
            acc[2] += wa * p[2];
            acc[3] += wa;
          } else {
            acc[0] += w * p[0];
            acc[1] += w * p[1];
            acc[2] += w * p[2];
          }
        }
      }
      float w = line.weights[k];
      for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += w * across[i];
    }
    unsigned char* dst = out.pixels.data() + static_cast<std::size_t>(y) * width * c;
    auto byte = [](float v) { return static_cast<unsigned char>(std::clamp(std::lround(v), 0L, 255L)); };
    for (int x = 0; x < width; ++x) {
      const float* s = sum.data() + static_cast<std::size_t>(x) * c;
      unsigned char* p = dst + static_cast<std::size_t>(x) * c;
      if (c == 4) {
        float a = s[3];
        for (int i = 0; i < 3; ++i) p[i] = a > 0 ? byte(s[i] / a) : 0;
        p[3] = byte(a);
      } else {
        for (int i = 0; i < 3; ++i) p[i] = byte(s[i]);
      }
    }
  }
  return out;
}

// The raster as it should be seen, for an EXIF orientation 1–8.
Raster orient(Raster r, int orientation) {
  if (orientation <= 1 || orientation > 8) return r;
  const int w = r.width, h = r.height, c = r.channels;
  bool swap = orientation >= 5;
  Raster out{swap ? h : w, swap ? w : h, c, std::vector<unsigned char>(r.pixels.size())};
  for (int oy = 0; oy < out.height; ++oy)
    for (int ox = 0; ox < out.width; ++ox) {
      int sx = ox, sy = oy;
      switch (orientation) {
        case 2:
          sx = w - 1 - ox;
          sy = oy;
          break;
        case 3:
          sx = w - 1 - ox;
          sy = h - 1 - oy;
          break;
        case 4:
          sx = ox;
          sy = h - 1 - oy;
          break;
        case 5:
          sx = oy;
          sy = ox;
          break;
        case 6:
          sx = oy;
          sy = h - 1 - ox;
          break;
        case 7:
          sx = w - 1 - oy;
          sy = h - 1 - ox;
          break;
        case 8:
          sx = w - 1 - oy;
          sy = ox;
          break;
        default: break;
      }
      std::memcpy(out.pixels.data() + (static_cast<std::size_t>(oy) * out.width + ox) * c,
                  r.pixels.data() + (static_cast<std::size_t>(sy) * w + sx) * c, c);
    }
  return out;
}

bool opaque(const Raster& r) {
  if (r.channels != 4) return true;
  for (std::size_t i = 3; i < r.pixels.size(); i += 4)
    if (r.pixels[i] != 255) return false;
  return true;
}

// The centred `width`×`height` part of the raster.
Raster crop_centre(const Raster& r, int width, int height) {
  if (width == r.width && height == r.height) return r;
  const int c = r.channels;
  int left = (r.width - width) / 2, top = (r.height - height) / 2;
  Raster out{width, height, c, std::vector<unsigned char>(static_cast<std::size_t>(width) * height * c)};
  for (int y = 0; y < height; ++y)
    std::memcpy(out.pixels.data() + static_cast<std::size_t>(y) * width * c,
                r.pixels.data() + (static_cast<std::size_t>(top + y) * r.width + left) * c,
                static_cast<std::size_t>(width) * c);
  return out;
}

Raster without_alpha(const Raster& r) {
  if (r.channels == 3) return r;
  Raster out{r.width, r.height, 3, std::vector<unsigned char>(static_cast<std::size_t>(r.width) * r.height * 3)};
  for (std::size_t i = 0, j = 0; i < r.pixels.size(); i += 4, j += 3) std::memcpy(&out.pixels[j], &r.pixels[i], 3);
  return out;
}

}  // namespace

NormalisedImage normalise_image(std::string_view bytes, const ImageLimits& limits) {
  NormalisedImage result;
  std::string type = detect_file_type(bytes);
  Raster raster;
  int orientation = 1;
  if (type == kJpeg) result.problem = decode_jpeg(bytes, limits, raster, orientation);
  else if (type == kPng) result.problem = decode_png(bytes, limits, raster);
  else if (type == kWebp) result.problem = decode_webp(bytes, limits, raster);
  else result.problem = ImageProblem::not_an_image;
  if (result.problem != ImageProblem::none) return result;
  if (raster.width <= 0 || raster.height <= 0) {
    result.problem = ImageProblem::unreadable;
    return result;
  }
  if (limits.cover) {
    // Upright first, so that the centred part is the one seen; then cut to the box's shape and shrunk.
    raster = orient(std::move(raster), orientation);
    auto [kw, kh] = kept(raster.width, raster.height, limits.max_width, limits.max_height, true);
    auto [w, h] = target(kw, kh, limits.max_width, limits.max_height, true);
    raster = shrink(crop_centre(raster, kw, kh), w, h);
  } else {
    bool swap = orientation >= 5;
    // The box in the decoded raster's own frame (before turning it upright).
    auto [w, h] = fit(raster.width, raster.height, swap ? limits.max_height : limits.max_width,
                      swap ? limits.max_width : limits.max_height);
    raster = orient(shrink(raster, w, h), orientation);
  }
  bool ok;
  if (!opaque(raster) || limits.png_only) {
    if (opaque(raster)) raster = without_alpha(raster);
    result.type = kPng;
    ok = encode_png(raster, result.bytes);
  } else {
    raster = without_alpha(raster);
    result.type = kJpeg;
    ok = encode_jpeg(raster, limits.jpeg_quality, result.bytes);
    // A drawing sent as PNG (flat colours, text) is often smaller and sharper kept as PNG.
    std::string png;
    if (ok && type == kPng && encode_png(raster, png) && png.size() < result.bytes.size()) {
      result.type = kPng;
      result.bytes = std::move(png);
    }
  }
  if (!ok) {
    result.problem = ImageProblem::unreadable;
    result.bytes.clear();
    return result;
  }
  result.width = raster.width;
  result.height = raster.height;
  return result;
}

}  // namespace trame::docs
