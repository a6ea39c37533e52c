#include "docs/tabular.hpp"

#include <xlsxwriter.h>

#include <stdexcept>

#include "web/crypto.hpp"

namespace trame::docs {

bool looks_like_formula(std::string_view field) {
  if (field.empty()) return false;
  switch (field[0]) {
    case '=': case '+': case '-': case '@': case '\t': case '\r':
      return true;
    default:
      break;
  }
  // Fullwidth ＝ ＋ － ＠ (U+FF1D, U+FF0B, U+FF0D, U+FF20), which some spreadsheets fold into ASCII.
  for (std::string_view wide : {"\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D", "\xEF\xBC\xA0"})
    if (field.substr(0, wide.size()) == wide) return true;
  return false;
}

std::string neutralise_formula(const std::string& field) {
  return looks_like_formula(field) ? "'" + field : field;
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) line += ';';
    std::string f = neutralise_formula(fields[i]);
    if (f.find_first_of(";\",\r\n") != std::string::npos) {
      line += '"';
      for (char c : f) {
        if (c == '"') line += '"';
        line += c;
      }
      line += '"';
    } else {
      line += f;
    }
  }
  return line + "\r\n";
}

struct XlsxFile::Impl {
  std::filesystem::path path;
  lxw_workbook* workbook = nullptr;
  lxw_worksheet* sheet = nullptr;
  lxw_format* bold = nullptr;
  lxw_row_t row = 0;
  bool closed = false;
};

XlsxFile::XlsxFile(const std::string& sheet_name, const std::vector<std::string>& headers)
    : impl_(std::make_unique<Impl>()) {
  impl_->path = std::filesystem::temp_directory_path() / ("trame-export-" + web::random_token(9) + ".xlsx");
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = nullptr;
  impl_->workbook = workbook_new_opt(impl_->path.c_str(), &options);
  if (!impl_->workbook) throw std::runtime_error("impossible de créer le classeur XLSX");
  impl_->sheet = workbook_add_worksheet(impl_->workbook, sheet_name.c_str());
  impl_->bold = workbook_add_format(impl_->workbook);
  format_set_bold(impl_->bold);
  for (lxw_col_t c = 0; c < headers.size(); ++c)
    worksheet_write_string(impl_->sheet, 0, c, headers[c].c_str(), impl_->bold);
  impl_->row = 1;
}

XlsxFile::~XlsxFile() {
  if (!impl_->closed && impl_->workbook) workbook_close(impl_->workbook);
  std::error_code ec;
  std::filesystem::remove(impl_->path, ec);
}

void XlsxFile::add_row(const std::vector<std::string>& fields) {
  for (lxw_col_t c = 0; c < fields.size(); ++c)
    worksheet_write_string(impl_->sheet, impl_->row, c, fields[c].c_str(), nullptr);
  ++impl_->row;
}

const std::filesystem::path& XlsxFile::close() {
  if (!impl_->closed) {
    impl_->closed = true;
    if (workbook_close(impl_->workbook) != LXW_NO_ERROR) throw std::runtime_error("échec de l'écriture du classeur XLSX");
  }
  return impl_->path;
}

}  // namespace trame::docs
