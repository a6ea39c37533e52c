#include "platform/web/views.hpp"
#include "platform/web/i18n.hpp"

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace trame::web {

// The file TRAME_VIEW_KEYS names: each distinct "template TAB name TAB where" line once, flushed at
// once (the server may be killed at any time by the test that reads it).
class KeyLog {
 public:
  explicit KeyLog(const std::string& path) : out_(path, std::ios::app) {
    if (!out_) throw std::runtime_error("TRAME_VIEW_KEYS : impossible d'écrire dans " + path);
  }
  void note(const std::string& view, const std::string& name, const char* where) {
    std::string line = view + '\t' + name + '\t' + where;
    std::lock_guard lock(mutex_);
    if (!seen_.insert(line).second) return;
    out_ << line << '\n' << std::flush;
  }

 private:
  std::mutex mutex_;
  std::set<std::string> seen_;
  std::ofstream out_;
};

namespace {
// kainjow's renderer mutates internal state while rendering, so each worker thread keeps
// its own parsed copy of each template.
struct ThreadCache {
  const Views* owner = nullptr;
  unsigned long generation = 0;
  std::map<std::string, std::unique_ptr<kainjow::mustache::mustache>> compiled;
};
thread_local ThreadCache cache;
}  // namespace

Views::Views(std::filesystem::path dir, bool reload, const Catalogue* catalogue)
    : dir_(std::move(dir)), reload_(reload), catalogue_(catalogue) {
  load_all();
  const char* keys = std::getenv("TRAME_VIEW_KEYS");
  if (keys && *keys) key_log_ = std::make_unique<KeyLog>(keys);
}

Views::~Views() = default;

namespace {

// {{t.key}} → escaped text, {{{t.key}}} → text, for the keys the locale has.
std::string bake_translations(const std::string& source, const Catalogue& catalogue, const std::string& locale) {
  std::string out;
  out.reserve(source.size());
  std::size_t pos = 0;
  while (pos < source.size()) {
    std::size_t open = source.find("{{", pos);
    if (open == std::string::npos) break;
    bool triple = source.compare(open, 3, "{{{") == 0;
    std::size_t key_start = open + (triple ? 3 : 2);
    std::size_t close = source.find(triple ? "}}}" : "}}", key_start);
    if (close == std::string::npos) break;
    std::string key = source.substr(key_start, close - key_start);
    auto first = key.find_first_not_of(' '), last = key.find_last_not_of(' ');
    key = first == std::string::npos ? std::string() : key.substr(first, last - first + 1);
    std::size_t end = close + (triple ? 3 : 2);
    out.append(source, pos, open - pos);
    std::string text;
    bool baked = key.rfind("t.", 0) == 0 && catalogue.has(locale, key.substr(2)) &&
                 (text = catalogue.t(locale, key.substr(2))).find("{{") == std::string::npos &&
                 text.find("}}") == std::string::npos;
    if (baked) {
      out += triple ? text : kainjow::mustache::html_escape<std::string>(text);
    } else {
      out.append(source, open, end - open);
    }
    pos = end;
  }
  out.append(source, pos, std::string::npos);
  return out;
}

}  // namespace

void Views::load_all() {
  if (!std::filesystem::exists(dir_)) throw std::runtime_error("dossier des gabarits introuvable : " + dir_.string());
  std::map<std::string, std::string> sources;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_)) {
    if (entry.path().extension() != ".mustache") continue;
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    auto rel = std::filesystem::relative(entry.path(), dir_);
    std::string name = (rel.parent_path() / rel.stem()).generic_string();
    kainjow::mustache::mustache check(ss.str());
    if (!check.is_valid()) throw std::runtime_error("gabarit invalide " + name + " : " + check.error_message());
    sources[name] = ss.str();
  }
  auto partials = std::make_shared<kainjow::mustache::data>(kainjow::mustache::data::type::object);
  for (const auto& [pname, source] : sources)
    if (pname.rfind("partials/", 0) == 0)
      partials->set(pname.substr(9), kainjow::mustache::partial([source = source]() { return source; }));
  std::lock_guard lock(mutex_);
  sources_ = std::move(sources);
  partials_ = std::move(partials);
  ++generation_;
}

bool Views::has(const std::string& name) const {
  std::lock_guard lock(mutex_);
  return sources_.count(name) > 0;
}

namespace {
class PartialsFirst : public kainjow::mustache::context<std::string> {
 public:
  explicit PartialsFirst(const kainjow::mustache::data* partials) : partials_(partials) {}
  const kainjow::mustache::data* get_partial(const std::string& name) const override { return partials_->get(name); }

 private:
  const kainjow::mustache::data* partials_;
};

// The diagnostic context (TRAME_VIEW_KEYS): the same lookups as kainjow's context (the innermost
// item first; "a.b" walks each item in turn), noting where each name resolved.
class Recording : public kainjow::mustache::basic_context<std::string> {
 public:
  using Data = kainjow::mustache::data;
  Recording(const Data* partials, KeyLog& log, const std::string& view) : partials_(partials), log_(log), view_(view) {}
  void push(const Data* data) override { items_.push_back(data); }
  void pop() override { items_.pop_back(); }
  // Called once the bases and the page's data are pushed: whatever is pushed later is a section's item.
  void page_pushed() { page_ = items_.size(); }
  const Data* get(const std::string& name) const override {
    if (name == ".") return items_.empty() ? nullptr : items_.back();
    for (std::size_t i = items_.size(); i-- > 0;) {
      if (const Data* found = lookup(*items_[i], name)) {
        log_.note(view_, name, i >= page_ ? "section" : i + 1 == page_ ? "data" : "base");
        return found;
      }
    }
    log_.note(view_, name, "-");
    return nullptr;
  }
  const Data* get_partial(const std::string& name) const override { return partials_->get(name); }

 private:
  static const Data* lookup(const Data& item, const std::string& name) {
    if (name.find('.') == std::string::npos) return item.get(name);
    const Data* at = &item;
    std::size_t start = 0;
    while (at) {
      std::size_t dot = name.find('.', start);
      at = at->get(name.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    return at;
  }
  const Data* partials_;
  KeyLog& log_;
  const std::string& view_;
  std::vector<const Data*> items_;  // the innermost last
  std::size_t page_ = 0;
};
}  // namespace

std::string Views::render(const std::string& name, const kainjow::mustache::data& data,
                          std::initializer_list<const kainjow::mustache::data*> bases,
                          const std::string& locale) const {
  if (reload_) const_cast<Views*>(this)->load_all();
  unsigned long generation;
  std::shared_ptr<const kainjow::mustache::data> partials;
  {
    std::lock_guard lock(mutex_);
    generation = generation_;
    partials = partials_;
  }
  if (cache.owner != this || cache.generation != generation) {
    cache.owner = this;
    cache.generation = generation;
    cache.compiled.clear();
  }
  bool bake = catalogue_ && !locale.empty();
  std::string key = bake ? locale + '\x1f' + name : name;
  auto it = cache.compiled.find(key);
  if (it == cache.compiled.end()) {
    std::string source;
    {
      std::lock_guard lock(mutex_);
      auto s = sources_.find(name);
      if (s == sources_.end()) throw std::runtime_error("gabarit inconnu : " + name);
      source = s->second;
    }
    if (bake) source = bake_translations(source, *catalogue_, locale);
    it = cache.compiled.emplace(key, std::make_unique<kainjow::mustache::mustache>(source)).first;
  }
  // A stack of pointers: the page's data first, then the bases. Nothing is copied. Partials are
  // looked up in their own table only, so that a data key named like a partial ("pagination")
  // never hides it.
  if (key_log_) {
    Recording ctx(partials.get(), *key_log_, name);
    for (const auto* base : bases) ctx.push(base);
    ctx.push(&data);
    ctx.page_pushed();
    return it->second->render(ctx);
  }
  PartialsFirst ctx(partials.get());
  for (const auto* base : bases) ctx.push(base);
  ctx.push(&data);
  return it->second->render(ctx);
}

std::optional<std::vector<std::string>> Views::tag_names(const std::string& name) const {
  if (reload_ || key_log_) return std::nullopt;
  std::lock_guard lock(mutex_);
  if (auto known = tag_names_.find(name); known != tag_names_.end()) return known->second;
  auto s = sources_.find(name);
  if (s == sources_.end()) return std::nullopt;
  const std::string& source = s->second;
  std::set<std::string> names;
  bool cacheable = true;
  for (std::size_t at = source.find("{{"); at != std::string::npos; at = source.find("{{", at + 2)) {
    auto end = source.find("}}", at + 2);
    if (end == std::string::npos) break;
    std::string tag = source.substr(at + 2, end - at - 2);
    if (!tag.empty() && (tag[0] == '>' || tag[0] == '=')) cacheable = false;
    if (!tag.empty() && tag[0] == '!') continue;
    while (!tag.empty() && std::string_view("#^/{&").find(tag.front()) != std::string_view::npos) tag.erase(0, 1);
    while (!tag.empty() && (tag.back() == '}' || tag.back() == ' ')) tag.pop_back();
    while (!tag.empty() && tag.front() == ' ') tag.erase(0, 1);
    if (tag.rfind("t.", 0) == 0 || tag.empty()) continue;
    names.insert(tag);
    // A dotted name reads through objects: each of its segments too.
    std::istringstream segments(tag);
    for (std::string segment; std::getline(segments, segment, '.');) names.insert(segment);
  }
  std::optional<std::vector<std::string>> out;
  if (cacheable) out = std::vector<std::string>(names.begin(), names.end());
  tag_names_[name] = out;
  return out;
}

}  // namespace trame::web
