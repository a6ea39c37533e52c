// Tabular exports: CSV (RFC 4180, UTF-8 with a BOM so that Excel reads the accents) written row by
// row, and XLSX (libxlsxwriter in constant-memory mode) written to a temporary file that is then
// streamed. Both let an export of any size pass without holding it in memory.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace trame::docs {

// One CSV line (CRLF-terminated), fields quoted when needed; formula-like fields (=, +, -, @) are
// prefixed with a quote so that a spreadsheet does not execute them.
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
