#include "platform/web/i18n.hpp"

#include <toml++/toml.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace trame::web {

namespace {
void flatten(const toml::table& table, const std::string& prefix, std::map<std::string, std::string>& out,
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
}  // namespace

void Catalogue::load(const std::filesystem::path& dir) {
  strings_.clear();
  mustache_.clear();
  if (!std::filesystem::exists(dir)) throw std::runtime_error("catalogue de traductions introuvable : " + dir.string());
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".toml") continue;
    std::string locale = entry.path().stem().string();
    toml::table table;
    try {
      table = toml::parse_file(entry.path().string());
    } catch (const toml::parse_error& e) {
      throw std::runtime_error("traductions invalides (" + entry.path().string() +
                               ") : " + std::string(e.description()));
    }
    kainjow::mustache::data tree{kainjow::mustache::data::type::object};
    flatten(table, "", strings_[locale], tree);
    kainjow::mustache::data root{kainjow::mustache::data::type::object};
    root.set("t", tree);
    mustache_.emplace(locale, std::move(root));
  }
  if (!strings_.count("fr")) throw std::runtime_error("le catalogue français (locales/fr.toml) est manquant");
}

std::string Catalogue::t(const std::string& locale, const std::string& key, const Params& params) const {
  std::string text = key;
  auto loc = strings_.find(locale);
  if (loc != strings_.end() && loc->second.count(key)) {
    text = loc->second.at(key);
  } else if (auto fr = strings_.find("fr"); fr != strings_.end() && fr->second.count(key)) {
    text = fr->second.at(key);
  }
  for (const auto& [name, value] : params) {
    std::string placeholder = "{" + name + "}";
    for (auto pos = text.find(placeholder); pos != std::string::npos; pos = text.find(placeholder, pos + value.size()))
      text.replace(pos, placeholder.size(), value);
  }
  return text;
}

bool Catalogue::has(const std::string& locale, const std::string& key) const {
  auto loc = strings_.find(locale);
  return loc != strings_.end() && loc->second.count(key) > 0;
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
