// Mustache templates (templates/<module>/<name>.mustache), parsed once at start and
// reloaded on each render in development mode. {{x}} is HTML-escaped; {{{x}}} is only
// used for HTML that Trame itself produced (the page inside the layout).
#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <kainjow/mustache.hpp>

namespace trame::web {

class Views {
 public:
  Views(std::filesystem::path dir, bool reload);
  // name is "module/template", e.g. "accounts/login".
  std::string render(const std::string& name, kainjow::mustache::data& data) const;
  bool has(const std::string& name) const;

 private:
  void load_all();
  std::filesystem::path dir_;
  bool reload_;
  mutable std::mutex mutex_;
  std::map<std::string, std::string> sources_;
  unsigned long generation_ = 0;
};

}  // namespace trame::web
