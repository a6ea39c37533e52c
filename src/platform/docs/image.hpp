// Uploaded pictures made fit to keep and to serve: a PNG, JPEG or WebP is decoded (never trusted
// as sent), turned upright by its EXIF orientation, downscaled (area filter, never upscaled) to
// fit a box, and written again without any metadata (EXIF, GPS, XMP, ICC, comments): PNG when it
// has transparency (or png_only), otherwise progressive JPEG (a drawing stays PNG when smaller).
// Bytes that only look like an image, a truncated file and a decompression bomb (more pixels
// than the limit, refused from the header before anything is allocated) are refused.
#pragma once
#include <string>
#include <string_view>

namespace trame::docs {

struct ImageLimits {
  int max_width = 1600;               // the box the result fits in, in pixels
  int max_height = 1600;              //
  long long max_pixels = 40'000'000;  // width × height of the upload (as declared), beyond: refused
  int jpeg_quality = 82;
  // Always PNG, even opaque: for pictures drawn in PDFs too (docs/pdf draws PNG only), e.g. logos.
  bool png_only = false;
  // Cover the box instead of fitting in it: the centred largest part of the box's shape (after the
  // EXIF orientation) is kept, then shrunk to the box (never enlarged), e.g. a 16:9 catalogue card.
  bool cover = false;
};

enum class ImageProblem {
  none,
  not_an_image,     // not PNG, JPEG or WebP by its bytes
  unreadable,       // looks like one but cannot be decoded (truncated, corrupt, animated WebP…)
  too_many_pixels,  // width × height above ImageLimits::max_pixels
};

struct NormalisedImage {
  ImageProblem problem = ImageProblem::none;
  std::string type;   // docs::kPng or docs::kJpeg
  std::string bytes;  // the encoded picture
  int width = 0;
  int height = 0;
  explicit operator bool() const { return problem == ImageProblem::none; }
};

// The picture `bytes` normalised under `limits`, or the problem that refuses it.
NormalisedImage normalise_image(std::string_view bytes, const ImageLimits& limits = {});

}  // namespace trame::docs
