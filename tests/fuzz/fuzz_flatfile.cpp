// libFuzzer target for the flat-file page reader (src/website/flatfile/rules.hpp): parse() and
// kirbytext_to_markdown() on any bytes.
// Build: CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DTRAME_FUZZ=ON -DTRAME_WERROR=OFF
// Run:   build-fuzz/fuzz_flatfile tests/fuzz/corpus/flatfile -max_total_time=60
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "reference_utf8.hpp"
#include "website/flatfile/rules.hpp"

namespace flatfile = trame::website::flatfile;

using trame::fuzz::fail;
using trame::fuzz::reference_text;

namespace {

// Lower case ASCII letters and digits joined by single dashes, at most 80 characters.
bool good_slug(const std::string& s) {
  if (s.size() > 80) return false;
  if (s.empty()) return true;
  if (s.front() == '-' || s.back() == '-' || s.find("--") != std::string::npos) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

// Whether a line of a value after its first (which follows `Name:` on the field's own line) is a separator.
bool separator_line(std::string_view value) {
  const auto first_end = value.find('\n');
  if (first_end == std::string_view::npos) return false;
  std::size_t start = first_end + 1;
  while (start <= value.size()) {
    auto end = value.find('\n', start);
    if (end == std::string_view::npos) end = value.size();
    const auto line = value.substr(start, end - start);
    if (line.substr(0, 4) == "----" &&
        std::all_of(line.begin() + 4, line.end(), [](char c) { return c == ' ' || c == '\t'; }))
      return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t last_line = 1 + static_cast<std::size_t>(std::count(input.begin(), input.end(), '\n'));
  const auto parsed = flatfile::parse(input, "page.txt");

  // Problems name the file, a line of it (0: the whole file) and a message of the catalogue.
  for (const auto& p : parsed.problems) {
    if (p.file != "page.txt" || p.line > last_line) fail();
    if (p.key.rfind("flatfile.errors.", 0) != 0) fail();
  }
  std::string_view text = input.substr(0, 3) == "\xEF\xBB\xBF" ? input.substr(3) : input;
  if (!reference_text(text) && (parsed.problems.empty() || parsed.problems.front().key == "flatfile.errors.no_title"))
    fail();

  // Fields come in order, known, once each, as UTF-8, without a separator inside a value.
  std::set<std::string> keys;
  std::size_t previous = 0;
  for (const auto& f : parsed.fields) {
    if (f.line <= previous || f.line > last_line) fail();
    previous = f.line;
    const auto& known = flatfile::known_fields();
    if (std::find(known.begin(), known.end(), f.key) == known.end()) fail();
    if (!keys.insert(f.key).second) fail();
    if (!reference_text(f.value) && !f.value.empty()) fail();
    if (separator_line(f.value)) fail();
    if (!f.value.empty() && (f.value.front() == ' ' || f.value.back() == '\n')) fail();
  }
  // A file without problem has a title, and its slug is one.
  if (parsed.problems.empty()) {
    const auto* title = parsed.find("title");
    if (title == nullptr || title->value.empty()) fail();
    if (!good_slug(flatfile::page_slug(parsed, "001_page.txt"))) fail();
  }
  if (!good_slug(flatfile::slugify(input))) fail();

  // Markdown from UTF-8 text is UTF-8; without an address for them, image tags are dropped.
  const std::string md = flatfile::kirbytext_to_markdown(input);
  if (reference_text(input) && !reference_text(md)) fail();
  const auto none = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  const std::string without_pictures = flatfile::kirbytext_to_markdown(input, none);
  if (reference_text(input) && !reference_text(without_pictures)) fail();
  if (!flatfile::image_names(input).empty() && without_pictures.size() >= md.size() + 1) fail();
  return 0;
}
