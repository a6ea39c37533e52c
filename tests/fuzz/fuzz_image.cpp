// libFuzzer target for the picture normaliser (src/platform/docs/image.hpp): any bytes are either
// refused with a problem, or give a PNG or JPEG that fits the box and that the normaliser accepts
// again at the same size (what is stored can always be served and re-read).
// Build: CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DTRAME_FUZZ=ON -DTRAME_WERROR=OFF
// Run:   build-fuzz/fuzz_image tests/fuzz/corpus/image -max_total_time=60
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "platform/docs/file_type.hpp"
#include "platform/docs/image.hpp"

namespace docs = trame::docs;

namespace {

[[noreturn]] void fail() {
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A small box and pixel bound keep each run fast; the same code serves the real limits.
  docs::ImageLimits limits;
  limits.max_width = 64;
  limits.max_height = 48;
  limits.max_pixels = 1'000'000;
  limits.png_only = size % 2 == 0;
  const auto result = docs::normalise_image(std::string_view(reinterpret_cast<const char*>(data), size), limits);
  if (!result) {
    if (!result.bytes.empty()) fail();
    return 0;
  }
  if (result.bytes.empty() || result.width < 1 || result.height < 1) fail();
  if (result.width > limits.max_width || result.height > limits.max_height) fail();
  if (result.type != docs::kPng && result.type != docs::kJpeg) fail();
  if (limits.png_only && result.type != docs::kPng) fail();
  const auto again = docs::normalise_image(result.bytes, limits);
  if (!again || again.width != result.width || again.height != result.height) fail();
  return 0;
}
