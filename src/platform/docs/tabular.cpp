#include "platform/docs/tabular.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <string_view>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "platform/core/calendar.hpp"
#include "platform/web/crypto.hpp"

namespace trame::docs {

Cell Cell::integer(long long value) {
  Cell c;
  c.kind_ = Kind::integer;
  c.number_ = static_cast<double>(value);
  c.text_ = std::to_string(value);
  return c;
}

Cell Cell::decimal(double value, int places, std::string shown) {
  Cell c;
  c.kind_ = Kind::decimal;
  c.number_ = value;
  c.places_ = std::clamp(places, 0, 6);
  if (shown.empty() && std::isfinite(value)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", c.places_, value);
    shown = buf;
    if (shown.find('.') != std::string::npos) {
      while (shown.back() == '0') shown.pop_back();
      if (shown.back() == '.') shown.pop_back();
    }
    for (auto& ch : shown)
      if (ch == '.') ch = ',';
  }
  if (!std::isfinite(value)) return Cell(std::move(shown));
  c.text_ = std::move(shown);
  return c;
}

Cell Cell::date(long long unix_seconds, std::string shown) {
  if (unix_seconds == 0) return Cell(std::move(shown));
  Cell c;
  c.kind_ = Kind::date;
  c.seconds_ = unix_seconds;
  c.text_ = shown.empty() ? format_local(unix_seconds, "%d/%m/%Y") : std::move(shown);
  return c;
}

Cell Cell::date_time(long long unix_seconds, std::string shown) {
  if (unix_seconds == 0) return Cell(std::move(shown));
  Cell c;
  c.kind_ = Kind::date_time;
  c.seconds_ = unix_seconds;
  c.text_ = shown.empty() ? format_local(unix_seconds, "%d/%m/%Y %H:%M") : std::move(shown);
  return c;
}

Cell Cell::day(const std::string& iso) {
  long long t = day_start(iso);
  if (t < 0) return Cell(iso);
  return date(t);
}

std::vector<std::string> texts(const Row& row) {
  std::vector<std::string> out;
  out.reserve(row.size());
  for (const auto& c : row) out.push_back(c.text());
  return out;
}

bool looks_like_formula(std::string_view field) {
  if (field.empty()) return false;
  switch (field[0]) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r': return true;
    default: break;
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

std::string csv_line(const Row& cells) {
  return csv_line(texts(cells));
}
std::string csv_line(std::initializer_list<Cell> cells) {
  return csv_line(texts(Row(cells)));
}

struct XlsxFile::Impl {
  std::filesystem::path path;
  lxw_workbook* workbook = nullptr;
  lxw_worksheet* sheet = nullptr;
  lxw_format* bold = nullptr;
  lxw_format* date = nullptr;       // dd/mm/yyyy (shown jj/mm/aaaa by a French Excel)
  lxw_format* date_time = nullptr;  // dd/mm/yyyy hh:mm
  lxw_format* decimals[7] = {};     // # ##0,00 and its siblings, by number of decimals
  std::vector<double> widths;       // widths given to columns holding dates (0: default)
  lxw_row_t row = 0;
  bool closed = false;
  std::vector<std::string> names;  // the sheets' names so far

  // A valid, unused sheet name (Excel: at most 31 characters, none of []:*?/\, unique ignoring case).
  std::string sheet_name(const std::string& wanted) {
    auto cut = [](std::string s, std::size_t chars) {
      std::size_t n = 0, i = 0;
      for (; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && n++ == chars) break;
      return s.substr(0, i);
    };
    std::string base;
    for (char c : wanted) base += std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '-';
    if (base.empty()) base = "Feuille";
    auto lower = [](std::string s) {
      for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    };
    auto used = [&](const std::string& n) {
      return std::any_of(names.begin(), names.end(), [&](const std::string& x) { return lower(x) == lower(n); });
    };
    std::string name = cut(base, 31);
    for (int k = 2; used(name); ++k) {
      std::string suffix = " (" + std::to_string(k) + ")";
      name = cut(base, 31 - suffix.size()) + suffix;
    }
    names.push_back(name);
    return name;
  }
  void start_sheet(const std::string& wanted, const std::vector<std::string>& headers);
};

// How many of n columns a sheet holds: XLSX stops at 16,384 (a wider row is cut, not wrapped round
// the 16-bit column counter).
static lxw_col_t columns_of(std::size_t n) {
  return static_cast<lxw_col_t>(std::min<std::size_t>(n, LXW_COL_MAX));
}

XlsxFile::XlsxFile(const std::string& sheet_name, const std::vector<std::string>& headers)
    : impl_(std::make_unique<Impl>()) {
  impl_->path = std::filesystem::temp_directory_path() / ("trame-export-" + web::random_token(9) + ".xlsx");
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = nullptr;
  impl_->workbook = workbook_new_opt(impl_->path.c_str(), &options);
  if (!impl_->workbook) throw std::runtime_error("impossible de créer le classeur XLSX");
  impl_->bold = workbook_add_format(impl_->workbook);
  format_set_bold(impl_->bold);
  impl_->date = workbook_add_format(impl_->workbook);
  format_set_num_format(impl_->date, "dd/mm/yyyy");
  impl_->date_time = workbook_add_format(impl_->workbook);
  format_set_num_format(impl_->date_time, "dd/mm/yyyy hh:mm");
  impl_->start_sheet(sheet_name, headers);
}

void XlsxFile::Impl::start_sheet(const std::string& wanted, const std::vector<std::string>& headers) {
  std::string name = sheet_name(wanted);
  sheet = workbook_add_worksheet(workbook, name.c_str());
  if (!sheet) throw std::runtime_error("impossible d'ajouter la feuille « " + name + " » au classeur XLSX");
  for (lxw_col_t c = 0; c < columns_of(headers.size()); ++c)
    worksheet_write_string(sheet, 0, c, headers[c].c_str(), bold);
  row = 1;
  widths.clear();
}

void XlsxFile::add_sheet(const std::string& sheet_name, const std::vector<std::string>& headers) {
  if (impl_->closed) throw std::logic_error("XLSX workbook already closed");
  impl_->start_sheet(sheet_name, headers);
}

XlsxFile::~XlsxFile() {
  if (!impl_->closed && impl_->workbook) workbook_close(impl_->workbook);
  std::error_code ec;
  std::filesystem::remove(impl_->path, ec);
}

void XlsxFile::add_row(const std::vector<std::string>& fields) {
  for (lxw_col_t c = 0; c < columns_of(fields.size()); ++c)
    worksheet_write_string(impl_->sheet, impl_->row, c, fields[c].c_str(), nullptr);
  ++impl_->row;
}

void XlsxFile::add_row(const Row& cells) {
  Impl& m = *impl_;
  if (m.widths.size() < cells.size()) m.widths.resize(cells.size(), 0);
  for (lxw_col_t c = 0; c < columns_of(cells.size()); ++c) {
    const Cell& cell = cells[c];
    switch (cell.kind()) {
      case Cell::Kind::text:
        if (!cell.text().empty()) worksheet_write_string(m.sheet, m.row, c, cell.text().c_str(), nullptr);
        break;
      case Cell::Kind::integer: worksheet_write_number(m.sheet, m.row, c, cell.number(), nullptr); break;
      case Cell::Kind::decimal: {
        lxw_format*& f = m.decimals[cell.places()];
        if (!f) {
          f = workbook_add_format(m.workbook);
          std::string code = "#,##0";
          if (cell.places() > 0) code += "." + std::string(static_cast<std::size_t>(cell.places()), '0');
          format_set_num_format(f, code.c_str());
        }
        worksheet_write_number(m.sheet, m.row, c, cell.number(), f);
        break;
      }
      case Cell::Kind::date:
      case Cell::Kind::date_time: {
        std::time_t t = static_cast<std::time_t>(cell.seconds());
        std::tm tm{};
        localtime_r(&t, &tm);
        lxw_datetime dt{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, 0, 0, 0};
        bool with_time = cell.kind() == Cell::Kind::date_time;
        if (with_time) {
          dt.hour = tm.tm_hour;
          dt.min = tm.tm_min;
          dt.sec = tm.tm_sec;
        }
        worksheet_write_datetime(m.sheet, m.row, c, &dt, with_time ? m.date_time : m.date);
        // A default-width column would show "########" for a date.
        double width = with_time ? 16 : 11;
        if (m.widths[c] < width) {
          m.widths[c] = width;
          worksheet_set_column(m.sheet, c, c, width, nullptr);
        }
        break;
      }
    }
  }
  ++m.row;
}

const std::filesystem::path& XlsxFile::close() {
  if (!impl_->closed) {
    impl_->closed = true;
    if (workbook_close(impl_->workbook) != LXW_NO_ERROR)
      throw std::runtime_error("échec de l'écriture du classeur XLSX");
  }
  return impl_->path;
}

}  // namespace trame::docs
