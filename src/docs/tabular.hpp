// Tabular exports: CSV (RFC 4180, UTF-8 with a BOM so that Excel reads the accents) written row by
// row, and XLSX (libxlsxwriter in constant-memory mode) written to a temporary file that is then
// streamed. Both let an export of any size pass without holding it in memory.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace trame::docs {

// Whether a spreadsheet could take `field` for a formula (OWASP CSV injection): it starts with
// =, +, -, @, a tab or a carriage return (or a fullwidth ＝ ＋ － ＠).
bool looks_like_formula(std::string_view field);
// `field` prefixed with a quote when it looks like a formula, so that a spreadsheet shows it as text.
std::string neutralise_formula(const std::string& field);

// One CSV line (CRLF-terminated), fields quoted when needed; formula-like fields are neutralised
// (above). Every CSV the application writes goes through this function. The XLSX writer needs no
// such prefix: it writes every field as a string cell, never as a formula.
std::string csv_line(const std::vector<std::string>& fields);
inline const char* kCsvBom = "\xEF\xBB\xBF";

class XlsxFile {
 public:
  XlsxFile(const std::string& sheet_name, const std::vector<std::string>& headers);
  ~XlsxFile();
  XlsxFile(const XlsxFile&) = delete;
  XlsxFile& operator=(const XlsxFile&) = delete;
  void add_row(const std::vector<std::string>& fields);
  // Finishes the workbook; returns the path of the file (removed by the destructor).
  const std::filesystem::path& close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trame::docs
