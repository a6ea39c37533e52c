// libFuzzer target for the url-encoded form decoder (src/http/form.hpp).
// Build: CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DTRAME_FUZZ=ON -DTRAME_WERROR=OFF
// Run:   build-fuzz/fuzz_form tests/fuzz/corpus/form -max_total_time=60
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "platform/http/form.hpp"

namespace {

[[noreturn]] void fail() {
  std::abort();
}

// A slow but obviously correct reference validator, to cross-check is_valid_utf8.
bool reference_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t i = 0, n = s.size();
  while (i < n) {
    unsigned c = p[i];
    std::size_t len;
    unsigned cp, min;
    if (c <= 0x7F) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
      min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
      min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
      min = 0x10000;
    } else return false;
    if (n - i < len) return false;
    for (std::size_t k = 1; k < len; ++k) {
      unsigned b = p[i + k];
      if (b < 0x80 || b > 0xBF) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  if (trame::http::is_valid_utf8(input) != reference_utf8(input)) fail();

  auto form = trame::http::Form::parse_urlencoded(input);
  if (!form) return 0;

  // Invariants of a successfully decoded form.
  std::size_t fields = 0;
  for (const auto& [name, value] : form->fields()) {
    ++fields;
    if (!trame::http::is_valid_utf8(name) || !trame::http::is_valid_utf8(value)) fail();
    // Decoding never makes a field longer than the input.
    if (name.size() > size || value.size() > size) fail();
    // The first field with a name is what find() returns; all() contains it.
    auto found = form->find(name);
    if (!found) fail();
    if (!form->has(name)) fail();
    if (form->get(name) != *found) fail();
    auto every = form->all(name);
    if (every.empty() || every.front() != *found) fail();
  }
  // A form has at most one field per '&'-separated segment.
  std::size_t segments = 1;
  for (char c : input)
    if (c == '&') ++segments;
  if (size == 0 ? fields != 0 : fields > segments) fail();
  return 0;
}
