#include "network/territory/csv.hpp"

#include "platform/http/form.hpp"

namespace trame::territory::csv {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Checks that the bytes are UTF-8 (http::is_valid_utf8: no overlong forms, no surrogates, nothing
// above U+10FFFF) and hold no NUL byte; throws with the line of the first fault. A multi-byte
// character never holds a line feed, so checking line by line finds the same faults.
void check_encoding(std::string_view s) {
  std::size_t line = 1;
  for (std::size_t start = 0; start <= s.size(); ++line) {
    std::size_t end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view text = s.substr(start, end - start);
    if (text.find('\0') != std::string_view::npos) throw Error(line, "caractère nul interdit");
    if (!http::is_valid_utf8(text)) throw Error(line, "encodage invalide (le fichier doit être en UTF-8)");
    start = end + 1;
  }
}

// Skips blank lines (LF or CRLF) from i, counting them.
void skip_blank_lines(std::string_view s, std::size_t& i, std::size_t& line) {
  while (i < s.size()) {
    if (s[i] == '\n') {
      ++i;
      ++line;
    } else if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      i += 2;
      ++line;
    } else {
      break;
    }
  }
}

// Separator of the record starting at i: more semicolons than commas outside quotes → ';'.
char separator_at(std::string_view s, std::size_t i) {
  std::size_t semicolons = 0, commas = 0;
  bool quoted = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c == '\n' || c == '\r') break;
    else if (c == ';') ++semicolons;
    else if (c == ',') ++commas;
  }
  return semicolons > commas ? ';' : ',';
}

std::string plural_fields(std::size_t n) {
  return std::to_string(n) + (n > 1 ? " champs" : " champ");
}

}  // namespace

char detect_separator(std::string_view bytes) {
  std::size_t i = bytes.substr(0, kBom.size()) == kBom ? kBom.size() : 0;
  std::size_t line = 1;
  skip_blank_lines(bytes, i, line);
  return separator_at(bytes, i);
}

Document read(std::string_view s) {
  check_encoding(s);
  Document doc;
  std::size_t i = s.substr(0, kBom.size()) == kBom ? kBom.size() : 0;
  std::size_t line = 1;
  const std::size_t n = s.size();
  skip_blank_lines(s, i, line);
  if (i >= n) return doc;
  const char sep = doc.separator = separator_at(s, i);

  while (i < n) {
    Row row;
    row.line = line;
    // One record: fields separated by sep, ended by LF, CRLF or the end of the input.
    for (;;) {
      std::string field;
      if (i < n && s[i] == '"') {
        const std::size_t opened = line;
        ++i;
        for (;;) {
          if (i >= n) throw Error(opened, "guillemet ouvert non refermé");
          char c = s[i];
          if (c == '"') {
            if (i + 1 < n && s[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (c == '\n') ++line;
          field += c;
          ++i;
        }
        if (i < n && s[i] != sep && s[i] != '\n' && s[i] != '\r')
          throw Error(line,
                      "texte inattendu après un guillemet fermant (doublez les guillemets à l'intérieur d'un champ)");
      } else {
        std::size_t start = i;
        while (i < n && s[i] != sep && s[i] != '\n' && s[i] != '\r') {
          if (s[i] == '"')
            throw Error(line,
                        "guillemet dans un champ sans guillemets (entourez le champ de guillemets et doublez "
                        "ceux qu'il contient)");
          ++i;
        }
        field.assign(s.substr(start, i - start));
      }
      row.fields.push_back(std::move(field));
      if (i >= n) break;
      if (s[i] == sep) {
        ++i;
        continue;
      }
      if (s[i] == '\r') {
        if (i + 1 >= n || s[i + 1] != '\n')
          throw Error(line, "retour chariot isolé (fin de ligne CRLF ou LF attendue)");
        ++i;
      }
      ++i;  // the LF
      ++line;
      break;
    }
    if (!doc.rows.empty() && row.fields.size() != doc.rows.front().fields.size())
      throw Error(row.line, plural_fields(row.fields.size()) + " au lieu de " +
                                std::to_string(doc.rows.front().fields.size()) + " comme l'en-tête (séparateur « " +
                                std::string(1, sep) + " »)");
    doc.rows.push_back(std::move(row));
    skip_blank_lines(s, i, line);
  }
  return doc;
}

}  // namespace trame::territory::csv
