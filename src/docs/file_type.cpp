#include "docs/file_type.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/text.hpp"

namespace trame::docs {

namespace {

bool starts_with(std::string_view b, std::string_view prefix) { return b.substr(0, prefix.size()) == prefix; }

// OpenDocument: a zip whose first entry is "mimetype", stored uncompressed, holding the type.
std::string open_document_type(std::string_view b) {
  if (b.size() < 38 || b.substr(30, 8) != "mimetype") return {};
  for (std::string_view type : {std::string_view(kOdt), std::string_view(kOdp)})
    if (b.substr(38, type.size()) == type) return std::string(type);
  return {};
}

// Office Open XML: a zip holding [Content_Types].xml and the main part of its kind.
std::string office_open_xml_type(std::string_view b) {
  if (b.find("[Content_Types].xml") == std::string_view::npos) return {};
  if (b.find("word/document.xml") != std::string_view::npos) return kDocx;
  if (b.find("xl/workbook.xml") != std::string_view::npos) return kXlsx;
  if (b.find("ppt/presentation.xml") != std::string_view::npos) return kPptx;
  return {};
}

// Plain text: valid UTF-8 without NUL or control characters other than tab, line feed, carriage
// return and form feed.
bool plain_text(std::string_view b) {
  std::size_t i = 0;
  while (i < b.size()) {
    unsigned char c = static_cast<unsigned char>(b[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f) return false;
      ++i;
      continue;
    }
    std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || c == 0xC0 || c == 0xC1 || c > 0xF4 || i + len > b.size()) return false;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(b[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

}  // namespace

std::string detect_file_type(std::string_view b) {
  if (b.empty()) return {};
  if (starts_with(b, "%PDF-")) return kPdf;
  if (starts_with(b, "\x89PNG\r\n\x1a\n")) return kPng;
  if (starts_with(b, "\xFF\xD8\xFF")) return kJpeg;
  if (b.size() >= 30 && starts_with(b, "PK\x03\x04")) {
    if (auto t = open_document_type(b); !t.empty()) return t;
    return office_open_xml_type(b);
  }
  if (plain_text(b)) return kText;
  return {};
}

std::string accepted_file_type(std::string_view bytes, const std::vector<std::string>& accepted) {
  std::string type = detect_file_type(bytes);
  return std::find(accepted.begin(), accepted.end(), type) != accepted.end() ? type : std::string();
}

std::string file_extension(std::string_view type) {
  static const std::pair<std::string_view, std::string_view> table[] = {
      {kPdf, "pdf"},   {kPng, "png"},   {kJpeg, "jpg"},   {kOdt, "odt"}, {kOdp, "odp"},
      {kDocx, "docx"}, {kXlsx, "xlsx"}, {kPptx, "pptx"}, {kText, "txt"}};
  for (const auto& [t, ext] : table)
    if (t == type) return std::string(ext);
  return {};
}

std::string clean_file_name(std::string_view raw) {
  std::string_view name = raw;
  if (auto slash = name.find_last_of("/\\"); slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string out;
  for (unsigned char c : name)
    if (c >= 0x20 && c != 0x7f && c != '"') out += static_cast<char>(c);
  return trim(out);
}

std::string attachment_disposition(std::string_view file_name) {
  std::string ascii, encoded;
  for (unsigned char c : file_name) {
    ascii += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ';') ? static_cast<char>(c) : '_';
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      encoded += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      encoded += buf;
    }
  }
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

}  // namespace trame::docs
