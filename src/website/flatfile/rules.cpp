#include "website/flatfile/rules.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <iterator>
#include <utility>

#include "platform/core/text.hpp"

namespace trame::website::flatfile {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kBullet = "\xE2\x80\xA2";  // •

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
}

std::string_view trim_view(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The offset of the first byte that is not part of valid UTF-8 (or is NUL), or npos.
std::size_t first_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const unsigned c = p[i];
    if (c == 0) return i;
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return i;
    }
    if (n - i < len) return i;
    if (p[i + 1] < lo || p[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
    i += len;
  }
  return std::string_view::npos;
}

// Kirby's separator: a line of four dashes, blanks after them allowed.
bool separator(std::string_view line) {
  return line.substr(0, 4) == "----" && blank(line.substr(4));
}

// Kirby's key of a field name: lower case, '-' and ' ' as '_'.
std::string field_key(std::string_view name) {
  std::string key = ascii_lower(name);
  std::replace(key.begin(), key.end(), '-', '_');
  std::replace(key.begin(), key.end(), ' ', '_');
  return key;
}

bool known(const std::string& key) {
  const auto& k = known_fields();
  return std::find(k.begin(), k.end(), key) != k.end();
}

// The name of the field a block's first line opens (`Title:`, `Title :`), or nullopt when it opens none:
// one word (a letter, then letters, digits, '_' or '-'), blanks, then the colon. Several words before a
// colon are text ("Objectifs de la formation :"), not a field.
std::optional<std::string> block_field_name(std::string_view line) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view name = line.substr(0, colon);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
  if (name.empty() || !std::isalpha(static_cast<unsigned char>(name.front()))) return std::nullopt;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return std::nullopt;
  return std::string(name);
}

// The known field a line inside a value opens when its name is glued to the colon (`Cover: x`), or nullopt.
std::optional<std::string> glued_known_field(std::string_view line) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view name = line.substr(0, colon);
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return std::nullopt;
  if (!known(field_key(name))) return std::nullopt;
  return std::string(name);
}

Problem problem(const std::string& file, std::size_t line, std::string key,
                std::vector<std::pair<std::string, std::string>> params = {}) {
  return Problem{file, line, std::move(key), std::move(params)};
}

std::optional<long long> read_integer(std::string_view value) {
  value = trim_view(value);
  long long n = 0;
  const char* first = value.data();
  const char* last = value.data() + value.size();
  if (!value.empty() && value.front() == '+') ++first;
  const auto [end, error] = std::from_chars(first, last, n);
  if (error != std::errc() || end != last || first == last) return std::nullopt;
  return n;
}

// The typed fields' values, checked once the file is read.
void check_values(const Parsed& parsed, const std::string& file, std::vector<Problem>& problems) {
  for (const auto& f : parsed.fields) {
    if (f.value.empty()) continue;
    if ((f.key == "displayquotes" || f.key == "published") && !read_boolean(f.value))
      problems.push_back(problem(file, f.line, "flatfile.errors.not_boolean", {{"name", f.name}, {"value", f.value}}));
    if (f.key == "position" && !read_integer(f.value))
      problems.push_back(problem(file, f.line, "flatfile.errors.not_number", {{"name", f.name}, {"value", f.value}}));
    if ((f.key == "slug" || f.key == "parent") && slugify(f.value).empty())
      problems.push_back(problem(file, f.line, "flatfile.errors.invalid_slug", {{"name", f.name}, {"value", f.value}}));
  }
}

// An ASCII letter and a combining mark (decomposed text, as macOS writes it) as the one precomposed letter.
struct Composition {
  char base;
  std::uint32_t mark;
  std::uint32_t letter;
};
constexpr Composition kCompositions[] = {
    {'a', 0x0300, 0x00E0}, {'e', 0x0300, 0x00E8}, {'i', 0x0300, 0x00EC}, {'o', 0x0300, 0x00F2}, {'u', 0x0300, 0x00F9},
    {'y', 0x0300, 0x1EF3}, {'n', 0x0300, 0x01F9}, {'A', 0x0300, 0x00C0}, {'E', 0x0300, 0x00C8}, {'I', 0x0300, 0x00CC},
    {'O', 0x0300, 0x00D2}, {'U', 0x0300, 0x00D9}, {'Y', 0x0300, 0x1EF2}, {'N', 0x0300, 0x01F8}, {'a', 0x0301, 0x00E1},
    {'e', 0x0301, 0x00E9}, {'i', 0x0301, 0x00ED}, {'o', 0x0301, 0x00F3}, {'u', 0x0301, 0x00FA}, {'y', 0x0301, 0x00FD},
    {'c', 0x0301, 0x0107}, {'n', 0x0301, 0x0144}, {'A', 0x0301, 0x00C1}, {'E', 0x0301, 0x00C9}, {'I', 0x0301, 0x00CD},
    {'O', 0x0301, 0x00D3}, {'U', 0x0301, 0x00DA}, {'Y', 0x0301, 0x00DD}, {'C', 0x0301, 0x0106}, {'N', 0x0301, 0x0143},
    {'a', 0x0302, 0x00E2}, {'e', 0x0302, 0x00EA}, {'i', 0x0302, 0x00EE}, {'o', 0x0302, 0x00F4}, {'u', 0x0302, 0x00FB},
    {'y', 0x0302, 0x0177}, {'c', 0x0302, 0x0109}, {'A', 0x0302, 0x00C2}, {'E', 0x0302, 0x00CA}, {'I', 0x0302, 0x00CE},
    {'O', 0x0302, 0x00D4}, {'U', 0x0302, 0x00DB}, {'Y', 0x0302, 0x0176}, {'C', 0x0302, 0x0108}, {'a', 0x0303, 0x00E3},
    {'e', 0x0303, 0x1EBD}, {'i', 0x0303, 0x0129}, {'o', 0x0303, 0x00F5}, {'u', 0x0303, 0x0169}, {'y', 0x0303, 0x1EF9},
    {'n', 0x0303, 0x00F1}, {'A', 0x0303, 0x00C3}, {'E', 0x0303, 0x1EBC}, {'I', 0x0303, 0x0128}, {'O', 0x0303, 0x00D5},
    {'U', 0x0303, 0x0168}, {'Y', 0x0303, 0x1EF8}, {'N', 0x0303, 0x00D1}, {'a', 0x0308, 0x00E4}, {'e', 0x0308, 0x00EB},
    {'i', 0x0308, 0x00EF}, {'o', 0x0308, 0x00F6}, {'u', 0x0308, 0x00FC}, {'y', 0x0308, 0x00FF}, {'A', 0x0308, 0x00C4},
    {'E', 0x0308, 0x00CB}, {'I', 0x0308, 0x00CF}, {'O', 0x0308, 0x00D6}, {'U', 0x0308, 0x00DC}, {'Y', 0x0308, 0x0178},
    {'e', 0x0327, 0x0229}, {'c', 0x0327, 0x00E7}, {'n', 0x0327, 0x0146}, {'E', 0x0327, 0x0228}, {'C', 0x0327, 0x00C7},
    {'N', 0x0327, 0x0145}, {'a', 0x030A, 0x00E5}, {'u', 0x030A, 0x016F}, {'y', 0x030A, 0x1E99}, {'A', 0x030A, 0x00C5},
    {'U', 0x030A, 0x016E}};

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::string compose_letters(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    // U+0300…U+036F: CC 80…CD AF.
    if ((c == 0xCC || c == 0xCD) && i + 1 < text.size() && !out.empty() &&
        std::isalpha(static_cast<unsigned char>(out.back()))) {
      const std::uint32_t mark = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
      const char base = out.back();
      const auto* found = std::find_if(std::begin(kCompositions), std::end(kCompositions),
                                       [&](const Composition& k) { return k.base == base && k.mark == mark; });
      if (found != std::end(kCompositions)) {
        out.pop_back();
        append_utf8(out, found->letter);
        ++i;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

const std::vector<std::string>& known_fields() {
  static const std::vector<std::string> fields = {"title", "cover",  "text",     "displayquotes", "description",
                                                  "slug",  "parent", "position", "published"};
  return fields;
}

Parsed parse(std::string_view bytes, const std::string& file_name) {
  Parsed parsed;
  auto& problems = parsed.problems;
  if (bytes.size() > kMaxFileBytes) {
    problems.push_back(problem(
        file_name, 0, "flatfile.errors.too_large",
        {{"size", std::to_string((bytes.size() + 1023) / 1024)}, {"max", std::to_string(kMaxFileBytes / 1024)}}));
    return parsed;
  }
  if (bytes.substr(0, kBom.size()) == kBom) bytes.remove_prefix(kBom.size());
  if (const auto bad = first_invalid_utf8(bytes); bad != std::string_view::npos) {
    const auto line = 1 + static_cast<std::size_t>(std::count(bytes.begin(), bytes.begin() + bad, '\n'));
    problems.push_back(problem(file_name, line, "flatfile.errors.not_utf8", {{"line", std::to_string(line)}}));
    return parsed;
  }

  const std::string text = compose_letters(bytes);
  bytes = text;

  // The field whose value is running; kept when keep_running (an unknown or repeated field is read, then dropped).
  std::optional<Field> running;
  bool keep_running = false;
  bool block_start = true;  // after a separator (or at the top): the next non-blank line names a field
  bool skipping = false;    // a block that names no field: skipped to the next separator
  const auto close = [&] {
    if (running && keep_running) {
      running->value = std::string(trim_view(running->value));
      parsed.fields.push_back(std::move(*running));
    }
    running.reset();
    keep_running = false;
  };
  const auto open = [&](const std::string& name, std::string_view rest, std::size_t line) {
    close();
    Field f{name, field_key(name), std::string(trim_view(rest)), line};
    keep_running = true;
    if (!known(f.key)) {
      problems.push_back(problem(file_name, line, "flatfile.errors.unknown_field", {{"name", name}}));
      keep_running = false;
    } else {
      for (const auto& earlier : parsed.fields)
        if (earlier.key == f.key) {
          problems.push_back(problem(file_name, line, "flatfile.errors.duplicate_field",
                                     {{"name", name}, {"first", std::to_string(earlier.line)}}));
          keep_running = false;
        }
    }
    running = std::move(f);
  };

  std::size_t line_no = 0;
  std::size_t start = 0;
  while (start <= bytes.size()) {
    auto end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    std::string line(bytes.substr(start, end - start));
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::replace(line.begin(), line.end(), '\r', ' ');  // a lone carriage return is no line end

    if (separator(line)) {
      close();
      block_start = true;
      skipping = false;
      continue;
    }
    if (skipping) continue;
    if (block_start) {
      if (blank(line)) continue;
      block_start = false;
      if (auto name = block_field_name(line)) {
        open(*name, std::string_view(line).substr(line.find(':') + 1), line_no);
      } else {
        problems.push_back(problem(file_name, line_no, "flatfile.errors.no_field"));
        skipping = true;
      }
      continue;
    }
    if (auto name = glued_known_field(line)) {
      problems.push_back(problem(file_name, line_no, "flatfile.errors.missing_separator",
                                 {{"name", *name}, {"field", running ? running->name : std::string()}}));
      open(*name, std::string_view(line).substr(line.find(':') + 1), line_no);
      continue;
    }
    if (running) running->value += "\n" + line;
  }
  close();

  const auto* title = parsed.find("title");
  if (title == nullptr || title->value.empty()) problems.push_back(problem(file_name, 0, "flatfile.errors.no_title"));
  check_values(parsed, file_name, problems);
  std::stable_sort(problems.begin(), problems.end(),
                   [](const Problem& a, const Problem& b) { return a.line != 0 && (b.line == 0 || a.line < b.line); });
  return parsed;
}

std::optional<bool> read_boolean(std::string_view value) {
  const std::string v = ascii_lower(trim_view(value));
  if (v == "oui" || v == "true" || v == "yes" || v == "1") return true;
  if (v == "non" || v == "false" || v == "no" || v == "0") return false;
  return std::nullopt;
}

std::string slugify(std::string_view text) {
  const std::string folded = fold_for_search(compose_letters(text));
  std::string slug;
  bool dash = false;
  for (char c : folded) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && !slug.empty()) slug += '-';
      dash = false;
      if (slug.size() >= 80) break;
      slug += c;
    } else {
      dash = true;
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

std::string page_slug(const Parsed& parsed, const std::string& file_name) {
  if (const auto* s = parsed.find("slug"); s != nullptr && !s->value.empty()) return slugify(s->value);
  std::string_view stem = file_name;
  if (const auto slash = stem.find_last_of('/'); slash != std::string_view::npos) stem.remove_prefix(slash + 1);
  if (const auto dot = stem.rfind('.'); dot != std::string_view::npos && dot > 0) stem = stem.substr(0, dot);
  std::size_t digits = 0;
  while (digits < stem.size() && std::isdigit(static_cast<unsigned char>(stem[digits]))) ++digits;
  if (digits > 0 && digits < stem.size() && (stem[digits] == '_' || stem[digits] == '-'))
    stem.remove_prefix(digits + 1);
  const bool generated = stem.size() >= 8 && std::all_of(stem.begin(), stem.end(), [](char c) {
                           return std::isxdigit(static_cast<unsigned char>(c));
                         });
  std::string slug = generated ? std::string() : slugify(stem);
  if (slug.empty())
    if (const auto* t = parsed.find("title")) slug = slugify(t->value);
  return slug;
}

namespace {

// A Kirby tag found in a line: `(name: value attr: value …)`.
struct Tag {
  std::size_t begin = 0, end = 0;  // [begin, end) in the line, parentheses included
  std::string name;                // lower case
  std::string value;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string attribute(const std::string& key) const {
    for (const auto& [k, v] : attributes)
      if (k == key) return v;
    return {};
  }
};

const std::vector<std::string>& tag_attributes(const std::string& tag) {
  static const std::vector<std::string> image = {"alt",       "caption", "class",  "height", "imgclass", "link",
                                                 "linkclass", "rel",     "target", "text",   "title",    "width"};
  static const std::vector<std::string> link = {"class", "lang", "rel", "role", "target", "text", "title"};
  static const std::vector<std::string> email = {"class", "rel", "text", "title"};
  static const std::vector<std::string> file = {"class", "download", "rel", "target", "text", "title"};
  static const std::vector<std::string> none;
  if (tag == "image") return image;
  if (tag == "link") return link;
  if (tag == "email") return email;
  if (tag == "file") return file;
  return none;
}

// The tag opening at line[at] ('('), or nullopt. A tag's name is glued to its colon and it closes on its line.
std::optional<Tag> tag_at(std::string_view line, std::size_t at) {
  std::size_t i = at + 1;
  while (i < line.size() && (std::isalnum(static_cast<unsigned char>(line[i])) || line[i] == '_' || line[i] == '-'))
    ++i;
  if (i == at + 1 || i >= line.size() || line[i] != ':') return std::nullopt;
  const auto close = line.find(')', i);
  if (close == std::string_view::npos) return std::nullopt;
  Tag tag;
  tag.begin = at;
  tag.end = close + 1;
  tag.name = ascii_lower(line.substr(at + 1, i - at - 1));
  const std::string_view body = line.substr(i + 1, close - i - 1);
  // The attributes start where " name:" names one of the tag's attributes.
  const auto& names = tag_attributes(tag.name);
  std::vector<std::pair<std::size_t, std::string>> starts;  // position of the blank, attribute name
  for (std::size_t p = 0; p < body.size(); ++p) {
    if (body[p] != ' ' && body[p] != '\t') continue;
    for (const auto& n : names)
      if (body.substr(p + 1, n.size()) == n && body.substr(p + 1 + n.size(), 1) == ":") {
        starts.emplace_back(p, n);
        break;
      }
  }
  tag.value = std::string(trim_view(body.substr(0, starts.empty() ? body.size() : starts.front().first)));
  for (std::size_t k = 0; k < starts.size(); ++k) {
    const std::size_t from = starts[k].first + 1 + starts[k].second.size() + 1;
    const std::size_t to = k + 1 < starts.size() ? starts[k + 1].first : body.size();
    tag.attributes.emplace_back(starts[k].second, std::string(trim_view(body.substr(from, to - from))));
  }
  return tag;
}

// Text put in markdown as itself (in a paragraph, a link's label or an image's alt).
std::string escape_markdown(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '[' || c == ']' || c == '*' || c == '_' || c == '`' || c == '<' || c == '>' || c == '!' ||
        c == '(' || c == ')')
      out += '\\';
    out += c;
  }
  return out;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && ascii_lower(s.substr(0, prefix.size())) == prefix;
}

// http(s), mailto or a relative address, without blanks, controls or characters that end a markdown link.
bool linkable(std::string_view url) {
  if (url.empty()) return false;
  for (char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '<' || c == '>' || c == '"' || c == '\'' || c == '`' || c == '\\' || c == '(' ||
        c == ')')
      return false;
  }
  if (starts_with_nocase(url, "http://") || starts_with_nocase(url, "https://")) return url.size() > url.find("//") + 2;
  if (starts_with_nocase(url, "mailto:")) return url.size() > 7;
  if (url.substr(0, 2) == "//") return false;
  const auto colon = url.find(':');
  return colon == std::string_view::npos || colon > url.find_first_of("/?#");
}

std::string render_tag(const Tag& tag, const PictureAddress& address) {
  if (tag.name == "image") {
    const auto where = address(tag.value);
    if (!where || !linkable(*where)) return {};
    return "![" + escape_markdown(tag.attribute("alt")) + "](" + *where + ")";
  }
  if (tag.name == "link") {
    const std::string label = tag.attribute("text").empty() ? tag.value : tag.attribute("text");
    if (!linkable(tag.value)) return escape_markdown(label);
    return "[" + escape_markdown(label) + "](" + tag.value + ")";
  }
  if (tag.name == "email") {
    const std::string label = tag.attribute("text").empty() ? tag.value : tag.attribute("text");
    if (!plausible_email(tag.value) || !linkable("mailto:" + tag.value)) return escape_markdown(label);
    return "[" + escape_markdown(label) + "](mailto:" + tag.value + ")";
  }
  // file
  return escape_markdown(tag.attribute("text").empty() ? tag.value : tag.attribute("text"));
}

bool converted_tag(const std::string& name) {
  return name == "image" || name == "link" || name == "email" || name == "file";
}

std::string convert_tags(std::string_view line, const PictureAddress& address) {
  std::string out;
  std::size_t i = 0;
  while (i < line.size()) {
    if (line[i] == '(') {
      if (auto tag = tag_at(line, i); tag && converted_tag(tag->name)) {
        out += render_tag(*tag, address);
        i = tag->end;
        continue;
      }
    }
    out += line[i++];
  }
  return out;
}

// The byte before `at` ends a letter: an ASCII letter or the last byte of a multi-byte (accented) letter.
bool letter_before(std::string_view s, std::size_t at) {
  if (at == 0) return false;
  const auto c = static_cast<unsigned char>(s[at - 1]);
  return std::isalpha(c) || (c >= 0x80 && c <= 0xBF);
}

bool lower_letter_at(std::string_view s, std::size_t at) {
  if (at >= s.size()) return false;
  const auto c = static_cast<unsigned char>(s[at]);
  return (c >= 'a' && c <= 'z') || c == 0xC3;  // 0xC3: é, è, à, ç… (Latin-1 letters)
}

// "ac- tion" → "action": a word cut at the end of a PDF line, pasted with its hyphen and a blank. Not when
// the next word is "et" or "ou" ("pré- et post-").
std::string join_cut_words(std::string_view line) {
  std::string out;
  std::size_t i = 0;
  while (i < line.size()) {
    if (line[i] == '-' && i + 2 < line.size() && line[i + 1] == ' ' && letter_before(line, i) &&
        lower_letter_at(line, i + 2)) {
      std::size_t w = i + 2;
      while (w < line.size() && std::isalpha(static_cast<unsigned char>(line[w]))) ++w;
      const std::string_view next = line.substr(i + 2, w - i - 2);
      if (next != "et" && next != "ou") {
        i += 2;
        continue;
      }
    }
    out += line[i++];
  }
  return out;
}

std::size_t count_bold_markers(std::string_view line) {
  std::size_t n = 0;
  for (auto p = line.find("**"); p != std::string_view::npos; p = line.find("**", p + 2)) ++n;
  return n;
}

}  // namespace

std::vector<std::string> image_names(std::string_view kirbytext) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= kirbytext.size()) {
    auto end = kirbytext.find('\n', start);
    if (end == std::string_view::npos) end = kirbytext.size();
    const std::string_view line = kirbytext.substr(start, end - start);
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] != '(') continue;
      if (auto tag = tag_at(line, i); tag && tag->name == "image") {
        names.push_back(tag->value);
        i = tag->end - 1;
      }
    }
    start = end + 1;
  }
  return names;
}

std::string kirbytext_to_markdown(std::string_view kirbytext) {
  return kirbytext_to_markdown(kirbytext, [](const std::string& name) -> std::optional<std::string> {
    if (name.empty() || name.find('/') != std::string::npos) return std::nullopt;
    return std::string(kPicturesPath) + name;
  });
}

std::string kirbytext_to_markdown(std::string_view raw, const PictureAddress& address) {
  const std::string kirbytext = compose_letters(raw);
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= kirbytext.size()) {
    auto end = kirbytext.find('\n', start);
    if (end == std::string_view::npos) end = kirbytext.size();
    std::string line(kirbytext.substr(start, end - start));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  // Bold markers split over two lines: "**Objectifs" / "**• favoriser…" → "**Objectifs**" / "• favoriser…".
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    if (count_bold_markers(lines[i]) % 2 == 0 || lines[i + 1].rfind("**", 0) != 0) continue;
    while (!lines[i].empty() && (lines[i].back() == ' ' || lines[i].back() == '\t')) lines[i].pop_back();
    lines[i] += "**";
    lines[i + 1].erase(0, 2);
  }
  std::string out;
  bool after_bullet = false;
  for (const auto& raw : lines) {
    std::string line = join_cut_words(convert_tags(raw, address));
    std::string_view rest = line;
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    const bool bullet = rest.substr(0, kBullet.size()) == kBullet;
    if (bullet) {
      rest.remove_prefix(kBullet.size());
      while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
      line = "- " + std::string(rest);
    } else if (after_bullet && !blank(line) && line.front() != ' ' && line.front() != '\t') {
      out += '\n';  // a new paragraph, not the lazy continuation of the list item above
    }
    after_bullet = bullet;
    out += line;
    out += '\n';
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace trame::website::flatfile
