// libFuzzer target for the strict CSV reader (src/territory/csv.hpp).
// Build: CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DTRAME_FUZZ=ON -DTRAME_WERROR=OFF
// Run:   build-fuzz/fuzz_csv tests/fuzz/corpus/csv -max_total_time=60
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "reference_utf8.hpp"
#include "network/territory/csv.hpp"

namespace csv = trame::territory::csv;

using trame::fuzz::fail;
using trame::fuzz::reference_text;

namespace {

// Writes a document back with every field quoted, quotes doubled and LF line endings.
std::string write(const csv::Document& doc) {
  std::string out;
  for (const auto& row : doc.rows) {
    for (std::size_t i = 0; i < row.fields.size(); ++i) {
      if (i) out += doc.separator;
      out += '"';
      for (char c : row.fields[i]) {
        if (c == '"') out += '"';
        out += c;
      }
      out += '"';
    }
    out += '\n';
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t last_line = 1 + static_cast<std::size_t>(std::count(input.begin(), input.end(), '\n'));

  csv::Document doc;
  try {
    doc = csv::read(input);
  } catch (const csv::Error& e) {
    // Errors name a line of the input, and say so in French.
    if (e.line() < 1 || e.line() > last_line) fail();
    if (std::string_view(e.what()).substr(0, 6) != "ligne ") fail();
    return 0;
  }

  // Accepted input is text: UTF-8 without NUL.
  if (!reference_text(input)) fail();
  if (doc.separator != ';' && doc.separator != ',') fail();
  if (doc.separator != csv::detect_separator(input)) fail();

  std::size_t bytes = 0, previous_line = 0;
  for (const auto& row : doc.rows) {
    // Rows come in order, each on a line of the input, all as wide as the header.
    if (row.line <= previous_line || row.line > last_line) fail();
    previous_line = row.line;
    if (row.fields.empty() || row.fields.size() != doc.rows.front().fields.size()) fail();
    for (const auto& f : row.fields) {
      if (!reference_text(f)) fail();
      bytes += f.size();
    }
  }
  // Decoding only removes bytes (quotes, separators, line ends, the byte order mark).
  if (bytes > size) fail();

  // Written back with every field quoted, the document reads the same.
  const std::string again = write(doc);
  csv::Document reread;
  try {
    reread = csv::read(again);
  } catch (const csv::Error&) {
    fail();
  }
  if (reread.rows.size() != doc.rows.size()) fail();
  std::size_t line = 1;
  for (std::size_t r = 0; r < doc.rows.size(); ++r) {
    if (reread.rows[r].fields != doc.rows[r].fields) fail();
    if (reread.rows[r].line != line) fail();
    for (const auto& f : doc.rows[r].fields) line += static_cast<std::size_t>(std::count(f.begin(), f.end(), '\n'));
    ++line;
  }
  // With more than one column the separator survives the round trip.
  if (!doc.rows.empty() && doc.rows.front().fields.size() > 1 && reread.separator != doc.separator) fail();
  return 0;
}
