#include "platform/docs/file_type.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/grammar/alnum_chars.hpp>
#include <boost/url/grammar/lut_chars.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>

#include "platform/core/text.hpp"

namespace trame::docs {

namespace {

bool starts_with(std::string_view b, std::string_view prefix) {
  return b.substr(0, prefix.size()) == prefix;
}

// OpenDocument: a zip whose first entry is "mimetype", stored uncompressed, holding the type.
std::string open_document_type(std::string_view b) {
  if (b.size() < 38 || b.substr(30, 8) != "mimetype") return {};
  for (std::string_view type : {std::string_view(kOdt), std::string_view(kOds), std::string_view(kOdp)})
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

// The code point at b[i] (advancing i), or -1 for an invalid UTF-8 sequence (i moves one byte):
// overlong forms, surrogates and values above U+10FFFF are invalid.
long next_code_point(std::string_view b, std::size_t& i) {
  unsigned char c = static_cast<unsigned char>(b[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || i + len > b.size()) {
    ++i;
    return -1;
  }
  long cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    unsigned char n = static_cast<unsigned char>(b[i + k]);
    if ((n & 0xC0) != 0x80) {
      ++i;
      return -1;
    }
    cp = (cp << 6) | (n & 0x3F);
  }
  static const long minimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < minimum[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return -1;
  }
  i += len;
  return cp;
}

// Plain text: valid UTF-8 without NUL or control characters other than tab, line feed, carriage
// return and form feed.
bool plain_text(std::string_view b) {
  std::size_t i = 0;
  while (i < b.size()) {
    long cp = next_code_point(b, i);
    if (cp < 0) return false;
    if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r' && cp != '\f') || cp == 0x7f) return false;
  }
  return true;
}

// Text a browser would take for a web page or an XML/SVG document: after blanks (and a BOM), one
// of the openings of the WHATWG MIME sniffing standard's HTML and XML patterns, plus <svg.
bool looks_like_markup(std::string_view b) {
  if (starts_with(b, "\xEF\xBB\xBF")) b.remove_prefix(3);
  while (!b.empty() && (b[0] == ' ' || b[0] == '\t' || b[0] == '\n' || b[0] == '\r' || b[0] == '\f'))
    b.remove_prefix(1);
  if (b.empty() || b[0] != '<') return false;
  std::string lower;
  for (char c : b.substr(0, 16)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (starts_with(lower, "<!--") || starts_with(lower, "<?xml")) return true;
  static const std::string_view tags[] = {
      "!doctype html", "html",  "head", "script", "iframe", "h1", "div", "font", "table", "a",
      "style",         "title", "b",    "body",   "br",     "p",  "svg"};
  for (std::string_view tag : tags) {
    if (lower.size() <= tag.size() + 1 || lower.compare(1, tag.size(), tag) != 0) continue;
    char after = lower[tag.size() + 1];
    if (after == ' ' || after == '>' || after == '\t' || after == '\n' || after == '\r' || after == '/') return true;
  }
  return false;
}

// The extensions a type may be downloaded under; the first is its usual one.
const std::vector<std::string_view>& extensions_of(std::string_view type) {
  static const std::pair<std::string_view, std::vector<std::string_view>> table[] = {
      {kPdf, {"pdf"}},   {kPng, {"png"}},   {kJpeg, {"jpg", "jpeg"}}, {kWebp, {"webp"}},
      {kOdt, {"odt"}},   {kOds, {"ods"}},   {kOdp, {"odp"}},          {kDocx, {"docx"}},
      {kXlsx, {"xlsx"}}, {kPptx, {"pptx"}}, {kText, {"txt", "csv"}}};
  static const std::vector<std::string_view> none;
  for (const auto& [t, exts] : table)
    if (t == type) return exts;
  return none;
}

// Characters never kept in a file name: controls, bidirectional controls, invisible format
// characters, line and paragraph separators, the byte-order mark and interlinear annotations.
bool invisible(long cp) {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0xad || cp == 0x061c || cp == 0x180e ||
         (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) ||
         cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb);
}

void append_utf8(std::string& out, long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// `s` cut to at most `max` bytes without splitting a UTF-8 sequence.
std::string cut_utf8(std::string s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  s.resize(end);
  return s;
}

std::string lower_ascii(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The extension of `name` (after its last dot, 1 to 10 ASCII letters or digits), or empty.
std::string_view extension_of(std::string_view name) {
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size() || name.size() - dot - 1 > 10) return {};
  std::string_view ext = name.substr(dot + 1);
  for (char c : ext)
    if (!std::isalnum(static_cast<unsigned char>(c))) return {};
  return ext;
}

bool is_extension_of(std::string_view ext, const std::vector<std::string_view>& exts) {
  std::string lower = lower_ascii(ext);
  return !ext.empty() && std::find(exts.begin(), exts.end(), lower) != exts.end();
}

}  // namespace

std::string detect_file_type(std::string_view b) {
  if (b.empty()) return {};
  if (starts_with(b, "%PDF-")) return kPdf;
  if (starts_with(b, "\x89PNG\r\n\x1a\n")) return kPng;
  if (starts_with(b, "\xFF\xD8\xFF")) return kJpeg;
  if (b.size() >= 16 && starts_with(b, "RIFF") && b.substr(8, 4) == "WEBP") return kWebp;
  if (b.size() >= 30 && starts_with(b, "PK\x03\x04")) {
    if (auto t = open_document_type(b); !t.empty()) return t;
    return office_open_xml_type(b);
  }
  if (plain_text(b) && !looks_like_markup(b)) return kText;
  return {};
}

std::string accepted_file_type(std::string_view bytes, const std::vector<std::string>& accepted) {
  std::string type = detect_file_type(bytes);
  return std::find(accepted.begin(), accepted.end(), type) != accepted.end() ? type : std::string();
}

std::string file_extension(std::string_view type) {
  const auto& exts = extensions_of(type);
  return exts.empty() ? std::string() : std::string(exts.front());
}

std::string clean_file_name(std::string_view raw) {
  std::string_view name = raw;
  if (auto slash = name.find_last_of("/\\"); slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string out;
  bool blank = false;
  std::size_t i = 0;
  while (i < name.size()) {
    long cp = next_code_point(name, i);
    if (cp < 0 || invisible(cp) || cp == '"') continue;
    // Blanks (tabs, no-break and other spaces) become one space.
    if (cp == ' ' || cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x202f || cp == 0x205f ||
        cp == 0x3000) {
      blank = true;
      continue;
    }
    if (blank && !out.empty()) out += ' ';
    blank = false;
    if (cp == '<' || cp == '>' || cp == ':' || cp == '|' || cp == '?' || cp == '*') cp = '_';
    append_utf8(out, cp);
  }
  std::size_t start = out.find_first_not_of('.');
  if (start == std::string::npos) return {};
  out.erase(0, start);
  while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string stored_file_name(std::string_view raw, std::string_view type) {
  const auto& exts = extensions_of(type);
  std::string name = clean_file_name(raw);
  std::string ext;
  if (std::string_view own = extension_of(name); is_extension_of(own, exts)) {
    ext = lower_ascii(own) == own ? std::string(own) : lower_ascii(own);
    name.resize(name.size() - own.size() - 1);
  } else {
    // The client's extension says another type: it goes ("x.html" → "x"), unless what is left
    // already ends with the right one ("x.pdf.html" → "x.pdf").
    if (!own.empty()) name.resize(name.size() - own.size() - 1);
    std::string_view inner = extension_of(name);
    if (is_extension_of(inner, exts)) {
      ext = lower_ascii(inner);
      name.resize(name.size() - inner.size() - 1);
    } else {
      ext = exts.empty() ? std::string("bin") : std::string(exts.front());
    }
  }
  while (!name.empty() && (name.back() == '.' || name.back() == ' ')) name.pop_back();
  if (name.empty()) name = "document";
  return cut_utf8(name, kMaxFileName - ext.size() - 1) + "." + ext;
}

std::optional<UploadedFile> identify_upload(std::string_view bytes, std::string_view client_name,
                                            const std::vector<std::string>& accepted) {
  std::string type = accepted_file_type(bytes, accepted);
  if (type.empty()) return std::nullopt;
  return UploadedFile{type, stored_file_name(client_name, type)};
}

std::string attachment_disposition(std::string_view file_name_in, std::string_view type) {
  std::string file_name = type.empty() ? clean_file_name(file_name_in) : stored_file_name(file_name_in, type);
  if (file_name.empty()) file_name = "document";
  std::string ascii;
  for (unsigned char c : file_name)
    ascii += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ';' && c != '%') ? static_cast<char>(c) : '_';
  // RFC 5987's value: letters, digits and ".-_" as they are, every other byte %XX (Boost.URL).
  std::string encoded =
      boost::urls::encode(file_name, boost::urls::grammar::alnum_chars + boost::urls::grammar::lut_chars(".-_"));
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

}  // namespace trame::docs
