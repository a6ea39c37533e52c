// Tabular exports: CSV (RFC 4180, UTF-8 with a BOM so that Excel reads the accents) written row by
// row, and XLSX (libxlsxwriter in constant-memory mode) written to a temporary file that is then
// streamed. Both let an export of any size pass without holding it in memory.
// Cells are typed (text, integer, decimal, date, date and time): the XLSX holds numbers as numbers
// and dates as dates (French formats), so that a spreadsheet sums and sorts them; the CSV writes
// each cell's text, as shown on screen.
#pragma once
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace trame::docs {

// One cell of an export. A string (or a literal) converts to a text cell.
class Cell {
 public:
  enum class Kind { text, integer, decimal, date, date_time };
  Cell(std::string text) : text_(std::move(text)) {}  // NOLINT: implicit on purpose
  Cell(const char* text) : text_(text) {}             // NOLINT
  // A whole number (counts, ids): its CSV text is the plain digits.
  static Cell integer(long long value);
  // A decimal number shown with `places` decimals in the spreadsheet; `shown` is the CSV text
  // (default: the value with a decimal comma, trailing zeros dropped).
  static Cell decimal(double value, int places = 2, std::string shown = {});
  // A day or a moment, from unix seconds read in local time (Europe/Paris); 0 is an empty cell.
  // `shown` is the CSV text (default dd/mm/yyyy, or dd/mm/yyyy HH:MM).
  static Cell date(long long unix_seconds, std::string shown = {});
  static Cell date_time(long long unix_seconds, std::string shown = {});
  // A 'YYYY-MM-DD' day; anything else stays a text cell.
  static Cell day(const std::string& iso);

  Kind kind() const { return kind_; }
  // What the CSV writes (and what a PDF or a page would show).
  const std::string& text() const { return text_; }
  double number() const { return number_; }
  int places() const { return places_; }
  long long seconds() const { return seconds_; }

 private:
  Cell() = default;
  Kind kind_ = Kind::text;
  std::string text_;
  double number_ = 0;
  int places_ = 0;
  long long seconds_ = 0;
};
using Row = std::vector<Cell>;
// The texts of a row (for a PDF table).
std::vector<std::string> texts(const Row& row);

// Whether a spreadsheet could take `field` for a formula (OWASP CSV injection): it starts with
// =, +, -, @, a tab or a carriage return (or a fullwidth ＝ ＋ － ＠).
bool looks_like_formula(std::string_view field);
// `field` prefixed with a quote when it looks like a formula, so that a spreadsheet shows it as text.
std::string neutralise_formula(const std::string& field);

// One CSV line (CRLF-terminated), fields quoted when needed; formula-like fields are neutralised
// (above). Every CSV the application writes goes through this function. The XLSX writer needs no
// such prefix: it writes text cells as strings, never as formulas.
std::string csv_line(const std::vector<std::string>& fields);
std::string csv_line(const Row& cells);
std::string csv_line(std::initializer_list<Cell> cells);
inline const char* kCsvBom = "\xEF\xBB\xBF";

class XlsxFile {
 public:
  // A workbook whose first sheet is `sheet_name` with its header row.
  XlsxFile(const std::string& sheet_name, const std::vector<std::string>& headers);
  ~XlsxFile();
  XlsxFile(const XlsxFile&) = delete;
  XlsxFile& operator=(const XlsxFile&) = delete;
  void add_row(const std::vector<std::string>& fields);
  void add_row(const Row& cells);
  void add_row(std::initializer_list<Cell> cells) { add_row(Row(cells)); }
  // Starts another sheet (a multi-sheet workbook): the rows added next go to it; the previous sheet is
  // finished (constant memory: a sheet is written row by row, never gone back to). The name is cut to
  // Excel's 31 characters, its forbidden characters ([]:*?/\) replaced, and made unique (« (2) »).
  void add_sheet(const std::string& sheet_name, const std::vector<std::string>& headers);
  // Finishes the workbook; returns the path of the file (removed by the destructor).
  const std::filesystem::path& close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trame::docs
