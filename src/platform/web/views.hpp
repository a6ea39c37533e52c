// Mustache templates (templates/<module>/<name>.mustache), parsed once at start and
// reloaded on each render in development mode. {{x}} is HTML-escaped; {{{x}}} is only
// used for HTML that Trame itself produced (the page inside the layout).
//
// Translations are written into the templates once per locale: {{t.nav.login}} becomes the escaped
// text of that key in the page's locale when the template is first compiled for that locale, so a
// page render only looks up its own data. A key the locale lacks keeps its tag (looked up at render
// time through the catalogue base, as before), and so does a text that contains mustache braces.
//
// Diagnostic mode (the safety net of the 2,000 unchecked `.set("key", ...)`): when the environment
// variable TRAME_VIEW_KEYS names a file when the Views are built, every name a template looks up
// ({{x}}, {{#x}}, {{^x}}, {{t.x}} not written in) is appended to that file once per distinct line
//   <template> TAB <name> TAB <where>
// where <where> is where the name resolved: "data" (the view's data), "base" (the common page data or
// the catalogue), "section" (an enclosing section's item) or "-" (nowhere). A name a template reads
// that no render ever resolves is a key the routes never set (tests/integration/platform/views.test.mjs).
// Unset (production): one branch per render, nothing recorded.
#pragma once
#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <memory>
#include <mutex>
#include <string>

#include <kainjow/mustache.hpp>

namespace trame::web {

class Catalogue;
class KeyLog;

class Views {
 public:
  // catalogue: the translations written into the templates (null: none, every tag looked up).
  Views(std::filesystem::path dir, bool reload, const Catalogue* catalogue = nullptr);
  ~Views();
  // name is "module/template", e.g. "platform/accounts/login". Names not found in data are looked up in
  // base (e.g. the translation catalogue), then among the shared partials ({{> pagination}}).
  // bases are searched in order, the last one first (after data).
  std::string render(const std::string& name, const kainjow::mustache::data& data,
                     std::initializer_list<const kainjow::mustache::data*> bases = {},
                     const std::string& locale = "") const;
  bool has(const std::string& name) const;
  // The names a template's tags read (sections included, "t." translations and comments left out),
  // for a fingerprint of everything a render of it can depend on; none when it holds a partial or
  // changes its delimiters, or when templates are reloaded or their keys recorded (TRAME_VIEW_KEYS).
  std::optional<std::vector<std::string>> tag_names(const std::string& name) const;

 private:
  void load_all();
  std::filesystem::path dir_;
  bool reload_;
  const Catalogue* catalogue_;
  mutable std::mutex mutex_;
  std::map<std::string, std::string> sources_;
  std::shared_ptr<const kainjow::mustache::data> partials_;
  unsigned long generation_ = 0;
  std::unique_ptr<KeyLog> key_log_;  // null unless TRAME_VIEW_KEYS is set
  mutable std::map<std::string, std::optional<std::vector<std::string>>> tag_names_;
};

}  // namespace trame::web
