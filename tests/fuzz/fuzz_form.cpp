// libFuzzer target for the url-encoded form decoder (src/http/form.hpp).
// Build: CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DTRAME_FUZZ=ON -DTRAME_WERROR=OFF
// Run:   build-fuzz/fuzz_form tests/fuzz/corpus/form -max_total_time=60
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "reference_utf8.hpp"
#include "platform/http/form.hpp"

using trame::fuzz::fail;
using trame::fuzz::reference_utf8;

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
