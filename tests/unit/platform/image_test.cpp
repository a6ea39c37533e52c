// Uploaded pictures (src/platform/docs/image.hpp): decoded, turned upright, shrunk into their box
// (never enlarged), written again without metadata; whatever cannot be decoded is refused.
// The pictures are made here with libjpeg, libpng and libwebp themselves.
#include <gtest/gtest.h>

#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

// clang-format off
#include <jpeglib.h>
// clang-format on
#include <png.h>
#include <webp/decode.h>
#include <webp/encode.h>
#include <zlib.h>

#include "platform/docs/file_type.hpp"
#include "platform/docs/image.hpp"

using namespace trame;

namespace {

struct Rgba {
  unsigned char r, g, b, a;
};
using Paint = std::function<Rgba(int x, int y)>;

// An EXIF block (APP1 payload) in big-endian TIFF with IFD0 holding the orientation and a GPS
// pointer, like a phone's.
std::string exif_block(int orientation) {
  std::string e("Exif\0\0", 6);
  e += std::string("MM\0\x2A\0\0\0\x08", 8);
  e += std::string("\0\x02", 2);                    // two entries
  e += std::string("\x01\x12\0\x03\0\0\0\x01", 8);  // Orientation, SHORT, 1
  e += std::string(1, '\0') + static_cast<char>(orientation) + std::string(2, '\0');
  e += std::string("\x88\x25\0\x04\0\0\0\x01\0\0\0\x26", 12);      // GPSInfo IFD pointer
  e += std::string(4, '\0');                                       // no next IFD
  e += std::string("\0\x01\0\x02\0\x02\0\0\0\x04", 10) + "N47\0";  // GPS latitude ref (dummy)
  e += std::string(4, '\0');
  return e;
}

std::string make_jpeg(int w, int h, const Paint& paint, int orientation = 0) {
  jpeg_compress_struct cinfo{};
  jpeg_error_mgr err{};
  cinfo.err = jpeg_std_error(&err);
  jpeg_create_compress(&cinfo);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&cinfo, &buffer, &size);
  cinfo.image_width = w;
  cinfo.image_height = h;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, 90, TRUE);
  jpeg_start_compress(&cinfo, TRUE);
  if (orientation) {
    std::string exif = exif_block(orientation);
    jpeg_write_marker(&cinfo, JPEG_APP0 + 1, reinterpret_cast<const JOCTET*>(exif.data()),
                      static_cast<unsigned>(exif.size()));
  }
  std::vector<unsigned char> row(static_cast<std::size_t>(w) * 3);
  while (cinfo.next_scanline < cinfo.image_height) {
    int y = static_cast<int>(cinfo.next_scanline);
    for (int x = 0; x < w; ++x) {
      Rgba p = paint(x, y);
      row[3 * x] = p.r;
      row[3 * x + 1] = p.g;
      row[3 * x + 2] = p.b;
    }
    JSAMPROW rows[1] = {row.data()};
    jpeg_write_scanlines(&cinfo, rows, 1);
  }
  jpeg_finish_compress(&cinfo);
  std::string out(reinterpret_cast<char*>(buffer), size);
  jpeg_destroy_compress(&cinfo);
  std::free(buffer);
  return out;
}

std::string make_png(int w, int h, const Paint& paint, bool alpha) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = w;
  image.height = h;
  image.format = alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
  int c = alpha ? 4 : 3;
  std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * h * c);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      Rgba p = paint(x, y);
      unsigned char* q = &pixels[(static_cast<std::size_t>(y) * w + x) * c];
      q[0] = p.r;
      q[1] = p.g;
      q[2] = p.b;
      if (alpha) q[3] = p.a;
    }
  png_alloc_size_t size = 0;
  png_image_write_to_memory(&image, nullptr, &size, 0, pixels.data(), 0, nullptr);
  std::string out(size, '\0');
  png_image_write_to_memory(&image, out.data(), &size, 0, pixels.data(), 0, nullptr);
  out.resize(size);
  return out;
}

struct Decoded {
  int width = 0, height = 0, channels = 0;
  bool progressive = false;
  bool app1 = false;
  std::vector<unsigned char> pixels;
  Rgba at(int x, int y) const {
    const unsigned char* p = &pixels[(static_cast<std::size_t>(y) * width + x) * channels];
    return {p[0], p[1], p[2], static_cast<unsigned char>(channels == 4 ? p[3] : 255)};
  }
};

Decoded read_jpeg(const std::string& bytes) {
  jpeg_decompress_struct cinfo{};
  jpeg_error_mgr err{};
  cinfo.err = jpeg_std_error(&err);
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);
  jpeg_save_markers(&cinfo, JPEG_COM, 0xFFFF);
  jpeg_read_header(&cinfo, TRUE);
  Decoded d;
  d.app1 = cinfo.marker_list != nullptr;
  d.progressive = cinfo.progressive_mode;
  cinfo.out_color_space = JCS_RGB;
  jpeg_start_decompress(&cinfo);
  d.width = cinfo.output_width;
  d.height = cinfo.output_height;
  d.channels = 3;
  d.pixels.resize(static_cast<std::size_t>(d.width) * d.height * 3);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW rows[1] = {&d.pixels[static_cast<std::size_t>(cinfo.output_scanline) * d.width * 3]};
    jpeg_read_scanlines(&cinfo, rows, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return d;
}

Decoded read_png(const std::string& bytes) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  Decoded d;
  if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size())) return d;
  d.channels = (image.format & PNG_FORMAT_FLAG_ALPHA) ? 4 : 3;
  image.format = d.channels == 4 ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
  d.width = image.width;
  d.height = image.height;
  d.pixels.resize(PNG_IMAGE_SIZE(image));
  png_image_finish_read(&image, nullptr, d.pixels.data(), 0, nullptr);
  return d;
}

bool red(Rgba p) {
  return p.r > 200 && p.g < 60 && p.b < 60;
}
bool blue(Rgba p) {
  return p.b > 200 && p.r < 60 && p.g < 60;
}

// Left half red, right half blue: where the red half ends up tells how the picture was turned.
Paint halves(int w) {
  return [w](int x, int) { return x < w / 2 ? Rgba{230, 20, 20, 255} : Rgba{20, 20, 230, 255}; };
}

// Noise, as in a photograph: compresses better as JPEG than as PNG.
Rgba noise(int x, int y) {
  unsigned v = static_cast<unsigned>(x * 2654435761u ^ y * 40503u);
  v ^= v >> 13;
  return Rgba{static_cast<unsigned char>(v), static_cast<unsigned char>(v >> 8), static_cast<unsigned char>(v >> 16),
              255};
}

std::string crc_chunk(const std::string& type, const std::string& data) {
  std::string out;
  auto be32 = [&out](unsigned long v) {
    for (int s = 24; s >= 0; s -= 8) out += static_cast<char>((v >> s) & 0xFF);
  };
  be32(data.size());
  out += type + data;
  unsigned long crc = crc32(0, reinterpret_cast<const Bytef*>(type.data()), type.size());
  crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data()), data.size());
  be32(crc);
  return out;
}

}  // namespace

TEST(Images, APhonePhotoIsTurnedUprightShrunkAndLosesItsExif) {
  std::string photo = make_jpeg(3000, 2000, halves(3000), 6);
  ASSERT_NE(photo.find("Exif"), std::string::npos);
  auto result = docs::normalise_image(photo);
  ASSERT_TRUE(result) << static_cast<int>(result.problem);
  EXPECT_EQ(result.type, docs::kJpeg);
  // Orientation 6: stored landscape, seen portrait (rotated a quarter turn clockwise).
  EXPECT_EQ(result.width, 1067);
  EXPECT_EQ(result.height, 1600);
  EXPECT_EQ(result.bytes.find("Exif"), std::string::npos);
  EXPECT_EQ(result.bytes.find("N47"), std::string::npos);
  Decoded d = read_jpeg(result.bytes);
  EXPECT_EQ(d.width, 1067);
  EXPECT_EQ(d.height, 1600);
  EXPECT_FALSE(d.app1);  // no APP1 (EXIF, XMP) and no comment
  EXPECT_TRUE(d.progressive);
  // The stored left (red) half is now on top.
  EXPECT_TRUE(red(d.at(d.width / 2, 100)));
  EXPECT_TRUE(blue(d.at(d.width / 2, d.height - 100)));
}

TEST(Images, OrientationsThreeAndEightAreApplied) {
  auto upside_down = docs::normalise_image(make_jpeg(400, 200, halves(400), 3));
  ASSERT_TRUE(upside_down);
  Decoded d = read_jpeg(upside_down.bytes);
  EXPECT_EQ(d.width, 400);
  EXPECT_EQ(d.height, 200);
  EXPECT_TRUE(blue(d.at(20, 100)));  // turned half a turn: red on the right
  EXPECT_TRUE(red(d.at(380, 100)));
  auto left = docs::normalise_image(make_jpeg(400, 200, halves(400), 8));
  ASSERT_TRUE(left);
  d = read_jpeg(left.bytes);
  EXPECT_EQ(d.width, 200);
  EXPECT_EQ(d.height, 400);
  EXPECT_TRUE(blue(d.at(100, 20)));  // a quarter turn anticlockwise: red at the bottom
  EXPECT_TRUE(red(d.at(100, 380)));
}

TEST(Images, AllEightOrientationsPutTheCornersWhereTheCameraSawThem) {
  // Stored: red top-left, green top-right, blue bottom-left, grey bottom-right (80 × 40).
  Paint quadrants = [](int x, int y) {
    if (y < 20) return x < 40 ? Rgba{230, 20, 20, 255} : Rgba{20, 230, 20, 255};
    return x < 40 ? Rgba{20, 20, 230, 255} : Rgba{128, 128, 128, 255};
  };
  auto green = [](Rgba p) { return p.g > 200 && p.r < 60 && p.b < 60; };
  // Where the stored top-left (red) and top-right (green) corners are seen, per EXIF orientation:
  // 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right.
  const int red_at[9] = {0, 0, 1, 3, 2, 0, 1, 3, 2};
  const int green_at[9] = {0, 1, 0, 2, 3, 2, 3, 1, 0};
  for (int o = 1; o <= 8; ++o) {
    auto result = docs::normalise_image(make_jpeg(80, 40, quadrants, o));
    ASSERT_TRUE(result) << o;
    Decoded d = read_jpeg(result.bytes);
    EXPECT_EQ(d.width, o >= 5 ? 40 : 80) << o;
    auto corner = [&d](int c) { return d.at(c % 2 ? d.width - 5 : 4, c >= 2 ? d.height - 5 : 4); };
    EXPECT_TRUE(red(corner(red_at[o]))) << "orientation " << o;
    EXPECT_TRUE(green(corner(green_at[o]))) << "orientation " << o;
  }
}

TEST(Images, APictureWithTransparencyStaysAPngWithAlpha) {
  auto png = make_png(
      800, 600,
      [](int x, int) {
        return x < 400 ? Rgba{0, 128, 0, 0} : Rgba{0, 128, 0, 255};
      },
      true);
  auto result = docs::normalise_image(png);
  ASSERT_TRUE(result);
  EXPECT_EQ(result.type, docs::kPng);
  Decoded d = read_png(result.bytes);
  EXPECT_EQ(d.width, 800);
  EXPECT_EQ(d.height, 600);
  ASSERT_EQ(d.channels, 4);
  EXPECT_EQ(d.at(10, 10).a, 0);
  EXPECT_EQ(d.at(790, 10).a, 255);
  EXPECT_EQ(d.at(790, 10).g, 128);
}

TEST(Images, ASmallPictureIsNotEnlarged) {
  auto result = docs::normalise_image(make_jpeg(120, 80, halves(120)));
  ASSERT_TRUE(result);
  EXPECT_EQ(result.width, 120);
  EXPECT_EQ(result.height, 80);
  auto tiny = docs::normalise_image(make_png(
      1, 1,
      [](int, int) {
        return Rgba{255, 0, 0, 255};
      },
      false));
  ASSERT_TRUE(tiny);
  EXPECT_EQ(tiny.width, 1);
  EXPECT_EQ(tiny.height, 1);
}

TEST(Images, ALogoFitsItsOwnBoxAndAPhotoSentAsPngBecomesJpeg) {
  docs::ImageLimits logo{512, 512};
  auto photo = docs::normalise_image(make_png(2000, 1000, noise, false), logo);
  ASSERT_TRUE(photo);
  EXPECT_EQ(photo.type, docs::kJpeg);
  EXPECT_EQ(photo.width, 512);
  EXPECT_EQ(photo.height, 256);
  // A flat drawing (two colours) stays PNG, shrunk, and the colours stay where they were.
  auto drawing = docs::normalise_image(make_png(2000, 1000, halves(2000), false), logo);
  ASSERT_TRUE(drawing);
  EXPECT_EQ(drawing.type, docs::kPng);
  Decoded d = read_png(drawing.bytes);
  EXPECT_EQ(d.width, 512);
  EXPECT_EQ(d.height, 256);
  EXPECT_TRUE(red(d.at(10, 10)));
  EXPECT_TRUE(blue(d.at(500, 10)));
  // Logos are always PNG (drawn in PDFs), a photograph included, opaque: no alpha channel.
  logo.png_only = true;
  auto photo_logo = docs::normalise_image(make_jpeg(1024, 768, noise), logo);
  ASSERT_TRUE(photo_logo);
  EXPECT_EQ(photo_logo.type, docs::kPng);
  Decoded p = read_png(photo_logo.bytes);
  EXPECT_EQ(p.width, 512);
  EXPECT_EQ(p.height, 384);
  EXPECT_EQ(p.channels, 3);
}

TEST(Images, AWebpIsDecodedAndWrittenAgain) {
  int w = 2000, h = 1000;
  std::vector<unsigned char> rgb(static_cast<std::size_t>(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      Rgba p = halves(w)(x, y);
      unsigned char* q = &rgb[(static_cast<std::size_t>(y) * w + x) * 3];
      q[0] = p.r;
      q[1] = p.g;
      q[2] = p.b;
    }
  uint8_t* out = nullptr;
  std::size_t size = WebPEncodeRGB(rgb.data(), w, h, w * 3, 80, &out);
  ASSERT_GT(size, 0u);
  std::string webp(reinterpret_cast<char*>(out), size);
  WebPFree(out);
  auto result = docs::normalise_image(webp);
  ASSERT_TRUE(result);
  EXPECT_EQ(result.width, 1600);
  EXPECT_EQ(result.height, 800);
  EXPECT_TRUE(result.type == docs::kJpeg || result.type == docs::kPng);
}

TEST(Images, CmykAndGreySourcesBecomeRgb) {
  // A CMYK JPEG as Photoshop writes it (Adobe marker, inverted values): 255 means no ink.
  jpeg_compress_struct cinfo{};
  jpeg_error_mgr err{};
  cinfo.err = jpeg_std_error(&err);
  jpeg_create_compress(&cinfo);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&cinfo, &buffer, &size);
  cinfo.image_width = 32;
  cinfo.image_height = 16;
  cinfo.input_components = 4;
  cinfo.in_color_space = JCS_CMYK;
  jpeg_set_defaults(&cinfo);
  jpeg_start_compress(&cinfo, TRUE);
  std::vector<unsigned char> row(32 * 4);
  for (int x = 0; x < 32; ++x) {
    unsigned char* p = &row[4 * x];
    p[0] = 255, p[1] = 0, p[2] = 0, p[3] = 255;  // no cyan, full magenta and yellow, no black: red
  }
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW rows[1] = {row.data()};
    jpeg_write_scanlines(&cinfo, rows, 1);
  }
  jpeg_finish_compress(&cinfo);
  std::string cmyk(reinterpret_cast<char*>(buffer), size);
  jpeg_destroy_compress(&cinfo);
  std::free(buffer);
  auto result = docs::normalise_image(cmyk);
  ASSERT_TRUE(result);
  EXPECT_EQ(result.type, docs::kJpeg);
  EXPECT_TRUE(red(read_jpeg(result.bytes).at(16, 8)));

  // A grey PNG.
  png_image grey{};
  grey.version = PNG_IMAGE_VERSION;
  grey.width = 40;
  grey.height = 20;
  grey.format = PNG_FORMAT_GRAY;
  std::vector<unsigned char> pixels(40 * 20, 200);
  png_alloc_size_t length = 0;
  ASSERT_TRUE(png_image_write_to_memory(&grey, nullptr, &length, 0, pixels.data(), 0, nullptr));
  std::string grey_png(length, '\0');
  ASSERT_TRUE(png_image_write_to_memory(&grey, grey_png.data(), &length, 0, pixels.data(), 0, nullptr));
  grey_png.resize(length);
  auto from_grey = docs::normalise_image(grey_png);
  ASSERT_TRUE(from_grey);
  EXPECT_EQ(from_grey.width, 40);
  Decoded g = from_grey.type == docs::kPng ? read_png(from_grey.bytes) : read_jpeg(from_grey.bytes);
  EXPECT_NEAR(g.at(20, 10).r, 200, 3);
  EXPECT_NEAR(g.at(20, 10).b, 200, 3);
}

TEST(Images, WhatCannotBeDecodedIsRefused) {
  EXPECT_EQ(docs::normalise_image("").problem, docs::ImageProblem::not_an_image);
  EXPECT_EQ(docs::normalise_image("<svg onload=alert(1)>").problem, docs::ImageProblem::not_an_image);
  EXPECT_EQ(docs::normalise_image("%PDF-1.4\n").problem, docs::ImageProblem::not_an_image);
  // Bytes that only look like an image.
  EXPECT_EQ(docs::normalise_image(std::string("\x89PNG\r\n\x1a\n", 8) + std::string(200, 'x')).problem,
            docs::ImageProblem::unreadable);
  EXPECT_EQ(docs::normalise_image(std::string("\xFF\xD8\xFF\xE0", 4) + std::string(200, 'x')).problem,
            docs::ImageProblem::unreadable);
  EXPECT_EQ(docs::normalise_image(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16) + std::string(200, 'x')).problem,
            docs::ImageProblem::unreadable);
  // Truncated files.
  std::string jpeg = make_jpeg(600, 400, noise);
  EXPECT_EQ(docs::normalise_image(jpeg.substr(0, jpeg.size() / 2)).problem, docs::ImageProblem::unreadable);
  std::string png = make_png(600, 400, noise, false);
  EXPECT_EQ(docs::normalise_image(png.substr(0, png.size() / 2)).problem, docs::ImageProblem::unreadable);
}

TEST(Images, ADecompressionBombIsRefusedFromItsHeader) {
  // A PNG declaring 100 000 × 100 000 pixels (valid IHDR, CRC included), nothing behind.
  std::string ihdr("\0\x01\x86\xA0\0\x01\x86\xA0\x08\x02\0\0\0", 13);
  std::string png =
      std::string("\x89PNG\r\n\x1a\n", 8) + crc_chunk("IHDR", ihdr) + crc_chunk("IDAT", "") + crc_chunk("IEND", "");
  EXPECT_EQ(docs::normalise_image(png).problem, docs::ImageProblem::too_many_pixels);
  // A JPEG whose frame header says 65 000 × 65 000.
  std::string jpeg = make_jpeg(16, 16, noise);
  auto sof = jpeg.find("\xFF\xC0");
  ASSERT_NE(sof, std::string::npos);
  jpeg[sof + 5] = jpeg[sof + 7] = static_cast<char>(0xFD);
  jpeg[sof + 6] = jpeg[sof + 8] = static_cast<char>(0xE8);
  EXPECT_EQ(docs::normalise_image(jpeg).problem, docs::ImageProblem::too_many_pixels);
  // Just within a lower bound it is decoded; beyond it, refused.
  docs::ImageLimits small{1600, 1600, 10'000};
  EXPECT_TRUE(docs::normalise_image(make_png(100, 100, noise, false), small));
  EXPECT_EQ(docs::normalise_image(make_png(101, 100, noise, false), small).problem,
            docs::ImageProblem::too_many_pixels);
}

// A catalogue card (cover): the centred part of the box's shape is kept, then shrunk to the box.
TEST(Images, CoverCutsTheCentredPartOfTheBoxShapeThenShrinksIt) {
  docs::ImageLimits card{640, 360};
  card.jpeg_quality = 78;
  card.cover = true;
  // 1600 × 1200 (4:3): the centred band of 1600 × 900 is kept; the red top and blue bottom 150 rows
  // are exactly what is cut, so the card is green from edge to edge.
  Paint bands = [](int, int y) {
    if (y < 150) return Rgba{230, 20, 20, 255};
    if (y >= 1050) return Rgba{20, 20, 230, 255};
    return Rgba{20, 230, 20, 255};
  };
  auto green = [](Rgba p) { return p.g > 200 && p.r < 60 && p.b < 60; };
  auto landscape = docs::normalise_image(make_jpeg(1600, 1200, bands), card);
  ASSERT_TRUE(landscape);
  EXPECT_EQ(landscape.type, docs::kJpeg);
  Decoded d = read_jpeg(landscape.bytes);
  EXPECT_EQ(d.width, 640);
  EXPECT_EQ(d.height, 360);
  EXPECT_TRUE(green(d.at(320, 4)));
  EXPECT_TRUE(green(d.at(320, 355)));
  // A portrait phone photo (stored landscape, orientation 6): cut after being turned upright.
  auto portrait = docs::normalise_image(make_jpeg(3000, 2000, halves(3000), 6), card);
  ASSERT_TRUE(portrait);
  d = read_jpeg(portrait.bytes);
  EXPECT_EQ(d.width, 640);
  EXPECT_EQ(d.height, 360);
  EXPECT_TRUE(red(d.at(320, 20)));  // the stored left half is on top, the middle of the picture kept
  EXPECT_TRUE(blue(d.at(320, 340)));
  // Transparency stays PNG with alpha; a small picture is cut to the shape, never enlarged.
  auto clear = docs::normalise_image(make_png(
                                         800, 800,
                                         [](int x, int) {
                                           return Rgba{0, 128, 0, static_cast<unsigned char>(x < 400 ? 0 : 255)};
                                         },
                                         true),
                                     card);
  ASSERT_TRUE(clear);
  EXPECT_EQ(clear.type, docs::kPng);
  EXPECT_EQ(clear.width, 640);
  EXPECT_EQ(clear.height, 360);
  EXPECT_EQ(read_png(clear.bytes).channels, 4);
  auto small = docs::normalise_image(make_jpeg(320, 320, halves(320)), card);
  ASSERT_TRUE(small);
  EXPECT_EQ(small.width, 320);
  EXPECT_EQ(small.height, 180);
}
