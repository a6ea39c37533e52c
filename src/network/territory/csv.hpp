// A small, strict CSV reader (RFC 4180) for the imports of reference data that people prepare
// in a spreadsheet: quoted fields with doubled quotes, line breaks inside quotes, CRLF or LF line
// endings, an optional UTF-8 byte order mark, and a separator (semicolon, as French Excel writes,
// or comma) detected from the header line. It reads untrusted bytes: it has a libFuzzer target
// (tests/fuzz/fuzz_csv.cpp).
//
// Strict means it refuses rather than guesses, naming the line at fault: bytes that are not UTF-8,
// a NUL byte, a quote that is never closed, a quote inside an unquoted field, text after a closing
// quote, a carriage return that does not end a line, and a row whose field count differs from the
// header's. Empty lines are skipped. Fields are returned as they are (not trimmed).
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace trame::territory::csv {

struct Row {
  std::size_t line = 0;  // the line (1-based, counting LF) where the record starts
  std::vector<std::string> fields;
};

struct Document {
  char separator = ',';   // ';' or ','
  std::vector<Row> rows;  // rows[0] is the header line when the document is not empty
};

// A malformed document. what() is French: "ligne 3 : guillemet ouvert non refermé".
class Error : public std::runtime_error {
 public:
  Error(std::size_t line, const std::string& message)
      : std::runtime_error("ligne " + std::to_string(line) + " : " + message), line_(line), message_(message) {}
  std::size_t line() const { return line_; }
  // The message without the "ligne N : " prefix.
  const std::string& message() const { return message_; }

 private:
  std::size_t line_;
  std::string message_;
};

// Reads a whole document. Throws csv::Error. An empty input (or only blank lines) gives no rows.
Document read(std::string_view bytes);

// The separator read() would choose for a document: ';' if the header line (the first non-blank
// line) has more semicolons than commas outside quotes, ',' otherwise.
char detect_separator(std::string_view bytes);

}  // namespace trame::territory::csv
