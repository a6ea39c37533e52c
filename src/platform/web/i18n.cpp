#include "platform/web/i18n.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace trame::web {

namespace {
void flatten(const toml::table& table, const std::string& prefix, std::unordered_map<std::string, std::string>& out,
             kainjow::mustache::data& tree) {
  for (const auto& [key, node] : table) {
    std::string full = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const auto* sub = node.as_table()) {
      kainjow::mustache::data child{kainjow::mustache::data::type::object};
      flatten(*sub, full, out, child);
      tree.set(std::string(key.str()), child);
    } else if (auto value = node.value<std::string>()) {
      out[full] = *value;
      tree.set(std::string(key.str()), *value);
    }
  }
}

// The integer part of a number written by format_number or std::to_string ("1 200", "3,5", "-2"):
// its digits before the decimal separator, ignoring group separators (spaces, no-break spaces).
// Whether a fractional part other than zeros follows goes to `fraction`.
long long integer_part(std::string_view text, bool& fraction) {
  long long n = 0;
  bool decimals = false;
  fraction = false;
  for (char c : text) {
    if (c == ',' || c == '.') {
      decimals = true;
    } else if (c >= '0' && c <= '9') {
      if (decimals) {
        if (c != '0') fraction = true;
      } else if (n < 1'000'000'000'000LL) {
        n = n * 10 + (c - '0');
      }
    }
  }
  return n;
}

// CLDR's plural category of a number in a locale: French puts 0 and 1 (and 1,5) in "one";
// English only exactly 1.
std::string plural_category(const std::string& locale, std::string_view value) {
  bool fraction = false;
  long long n = integer_part(value, fraction);
  if (locale == "fr") return n <= 1 ? "one" : "other";
  return n == 1 && !fraction ? "one" : "other";
}

// The end of the {…} group that opens at `open`, nested braces counted; npos when unbalanced.
std::size_t closing_brace(const std::string& text, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    if (text[i] == '{') ++depth;
    if (text[i] == '}' && --depth == 0) return i;
  }
  return std::string::npos;
}

// Replaces each "{name, plural, =0 {…} one {…} other {…}}" whose name is a parameter by the branch
// that fits its value (an exact "=N" first, then the locale's category, then "other"), with "#" in
// the branch standing for the value. A malformed group is left as it is.
std::string choose_plurals(std::string text, const std::string& locale, const Params& params) {
  std::size_t pos = text.find('{');
  auto skip = [&] { pos = text.find('{', pos + 1); };
  while (pos != std::string::npos) {
    auto comma = text.find(',', pos);
    auto end = closing_brace(text, pos);
    if (comma == std::string::npos || end == std::string::npos || comma > end) {
      skip();
      continue;
    }
    std::string name = text.substr(pos + 1, comma - pos - 1);
    auto kind_start = text.find_first_not_of(' ', comma + 1);
    const std::string* value = nullptr;
    for (const auto& [k, v] : params)
      if (k == name) value = &v;
    if (kind_start == std::string::npos || text.compare(kind_start, 7, "plural,") != 0 || !value) {
      skip();
      continue;
    }
    bool fraction = false;
    std::string exact = "=" + std::to_string(integer_part(*value, fraction));
    std::string category = plural_category(locale, *value);
    std::string chosen, other;
    bool exact_found = false, category_found = false;
    for (std::size_t i = kind_start + 7; i < end;) {
      i = text.find_first_not_of(' ', i);
      if (i >= end) break;
      auto brace = text.find('{', i);
      if (brace == std::string::npos || brace > end) break;
      std::string selector = text.substr(i, brace - i);
      while (!selector.empty() && selector.back() == ' ') selector.pop_back();
      auto close = closing_brace(text, brace);
      if (close == std::string::npos || close > end) break;
      std::string branch = text.substr(brace + 1, close - brace - 1);
      if (selector == exact && !fraction) {
        chosen = branch;
        exact_found = true;
      } else if (selector == category && !exact_found) {
        chosen = branch;
        category_found = true;
      } else if (selector == "other") {
        other = branch;
      }
      i = close + 1;
    }
    if (!exact_found && !category_found) chosen = other;
    for (auto hash = chosen.find('#'); hash != std::string::npos; hash = chosen.find('#', hash + value->size()))
      chosen.replace(hash, 1, *value);
    text.replace(pos, end - pos + 1, chosen);
    pos = text.find('{', pos + chosen.size());
  }
  return text;
}
}  // namespace

namespace {
toml::table parse_catalogue_file(const std::filesystem::path& path) {
  try {
    return toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    throw std::runtime_error("traductions invalides (" + path.string() + ") : " + std::string(e.description()));
  }
}

// Adds `from` into `into`; a key defined twice (same path, not both tables) is an error that names it.
void merge_catalogue(toml::table& into, const toml::table& from, const std::string& prefix,
                     const std::filesystem::path& path) {
  for (const auto& [key, node] : from) {
    std::string name = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    auto* existing = into.get(key);
    if (!existing) {
      into.insert(key, node);
    } else if (existing->is_table() && node.is_table()) {
      merge_catalogue(*existing->as_table(), *node.as_table(), name, path);
    } else {
      throw std::runtime_error("traduction définie deux fois (" + path.string() + ") : " + name);
    }
  }
}
}  // namespace

// A locale is locales/<locale>.toml and, if present, every locales/<locale>/*.toml (a module's own
// keys, so that modules do not all edit one file), merged into one tree.
void Catalogue::load(const std::filesystem::path& dir) {
  strings_.clear();
  mustache_.clear();
  if (!std::filesystem::exists(dir)) throw std::runtime_error("catalogue de traductions introuvable : " + dir.string());
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".toml") continue;
    std::string locale = entry.path().stem().string();
    toml::table table = parse_catalogue_file(entry.path());
    auto parts = dir / locale;
    if (std::filesystem::is_directory(parts)) {
      std::vector<std::filesystem::path> files;
      for (const auto& part : std::filesystem::directory_iterator(parts))
        if (part.path().extension() == ".toml") files.push_back(part.path());
      std::sort(files.begin(), files.end());
      for (const auto& file : files) merge_catalogue(table, parse_catalogue_file(file), "", file);
    }
    kainjow::mustache::data tree{kainjow::mustache::data::type::object};
    flatten(table, "", strings_[locale], tree);
    kainjow::mustache::data root{kainjow::mustache::data::type::object};
    root.set("t", tree);
    mustache_.emplace(locale, std::move(root));
  }
  if (!strings_.count("fr")) throw std::runtime_error("le catalogue français (locales/fr.toml) est manquant");
}

const std::string* Catalogue::find(const std::string& locale, const std::string& key) const {
  auto loc = strings_.find(locale);
  if (loc == strings_.end()) return nullptr;
  auto it = loc->second.find(key);
  return it == loc->second.end() ? nullptr : &it->second;
}

std::string Catalogue::t(const std::string& locale, const std::string& key, const Params& params) const {
  const std::string* found = find(locale, key);
  if (!found && locale != "fr") found = find("fr", key);
  std::string text = found ? *found : key;
  if (!params.empty() && text.find("plural,") != std::string::npos)
    text = choose_plurals(std::move(text), locale, params);
  for (const auto& [name, value] : params) {
    std::string placeholder = "{" + name + "}";
    for (auto pos = text.find(placeholder); pos != std::string::npos; pos = text.find(placeholder, pos + value.size()))
      text.replace(pos, placeholder.size(), value);
  }
  return text;
}

bool Catalogue::has(const std::string& locale, const std::string& key) const {
  return find(locale, key) != nullptr;
}

const kainjow::mustache::data& Catalogue::mustache(const std::string& locale) const {
  auto it = mustache_.find(locale);
  return it != mustache_.end() ? it->second : mustache_.at("fr");
}

std::vector<std::string> Catalogue::locales() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : strings_) out.push_back(k);
  return out;
}

std::vector<std::string> Catalogue::keys(const std::string& locale) const {
  std::vector<std::string> out;
  auto it = strings_.find(locale);
  if (it == strings_.end()) return out;
  for (const auto& [k, v] : it->second) out.push_back(k);
  std::sort(out.begin(), out.end());
  return out;
}

std::string Catalogue::normalise(const std::string& locale) const {
  return strings_.count(locale) ? locale : "fr";
}

std::string format_number(double value, int decimals, const std::string& locale) {
  if (decimals < 0) decimals = 0;
  double scale = std::pow(10.0, decimals);
  double rounded = std::round(value * scale) / scale;
  if (rounded == 0) rounded = 0;  // no "-0"
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, rounded);
  std::string out = buf;
  if (out.find('.') != std::string::npos) {
    while (!out.empty() && out.back() == '0') out.pop_back();
    if (!out.empty() && out.back() == '.') out.pop_back();
  }
  if (locale != "en")
    for (auto& c : out)
      if (c == '.') c = ',';
  return out;
}

std::string format_percent(double value, const std::string& locale) {
  // A narrow no-break space before % in French.
  return format_number(value, 0, locale) + (locale == "en" ? "%" : "\u00a0%");
}

}  // namespace trame::web
