// The translation catalogue: locales/<code>.toml, nested keys ("login.title"). French is the
// reference; a key missing in another locale falls back to French, then to the key itself,
// and tests check that every locale has every key.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <kainjow/mustache.hpp>

namespace trame::web {

using Params = std::vector<std::pair<std::string, std::string>>;

class Catalogue {
 public:
  void load(const std::filesystem::path& dir);
  // Replaces {name} placeholders with params, after choosing the branch of each ICU-style plural
  // "{count, plural, =0 {aucune place} one {# place} other {# places}}" for the value of `count`
  // (French: 0 and 1 are "one"; English: only 1). "#" in a branch is the value.
  std::string t(const std::string& locale, const std::string& key, const Params& params = {}) const;
  bool has(const std::string& locale, const std::string& key) const;
  // All strings of a locale as {"t": nested object}, built once: templates read {{t.login.title}}
  // through a rendering context that points at it (no copy per page).
  const kainjow::mustache::data& mustache(const std::string& locale) const;
  std::vector<std::string> locales() const;
  std::vector<std::string> keys(const std::string& locale) const;  // sorted
  std::string normalise(const std::string& locale) const;          // unknown → "fr"

 private:
  // A locale's strings by full key, hashed: pages and exports look keys up by the thousand (issue 22, session
  // 26: in an ordered map the long shared prefixes cost most of a lookup).
  using Strings = std::unordered_map<std::string, std::string>;
  const std::string* find(const std::string& locale, const std::string& key) const;
  std::map<std::string, Strings> strings_;
  std::map<std::string, kainjow::mustache::data> mustache_;
};

// Numbers as a reader of the locale writes them: "3,5" (fr) or "3.5" (en), at most `decimals`
// decimals, trailing zeros dropped ("4", "4,25"), never "-0".
std::string format_number(double value, int decimals = 1, const std::string& locale = "fr");
// "42 %" (fr, with a no-break space) / "42%" (en).
std::string format_percent(double value, const std::string& locale = "fr");

}  // namespace trame::web
