// The translation catalogue: locales/<code>.toml, nested keys ("login.title"). French is the
// reference; a key missing in another locale falls back to French, then to the key itself,
// and tests check that every locale has every key.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <kainjow/mustache.hpp>

namespace trame::web {

using Params = std::vector<std::pair<std::string, std::string>>;

class Catalogue {
 public:
  void load(const std::filesystem::path& dir);
  // Replaces {name} placeholders with params.
  std::string t(const std::string& locale, const std::string& key, const Params& params = {}) const;
  bool has(const std::string& locale, const std::string& key) const;
  // All strings of a locale as {"t": nested object}, built once: templates read {{t.login.title}}
  // through a rendering context that points at it (no copy per page).
  const kainjow::mustache::data& mustache(const std::string& locale) const;
  std::vector<std::string> locales() const;
  std::vector<std::string> keys(const std::string& locale) const;
  std::string normalise(const std::string& locale) const;  // unknown → "fr"

 private:
  std::map<std::string, std::map<std::string, std::string>> strings_;
  std::map<std::string, kainjow::mustache::data> mustache_;
};

}  // namespace trame::web
