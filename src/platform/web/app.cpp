#include "platform/web/app.hpp"
#include "platform/core/calendar.hpp"

#include <cctype>

#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/grammar/lut_chars.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <memory>
#include <tuple>

#include "platform/http/multipart.hpp"
#include "platform/http/route_index.hpp"
#include "platform/web/crypto.hpp"

namespace trame::web {

namespace {
constexpr const char* kFlashCookie = "trame_flash";
constexpr const char* kLangCookie = "trame_lang";

std::string encode_flash(const std::vector<std::pair<std::string, std::string>>& flashes) {
  std::string raw;
  for (const auto& [kind, message] : flashes) raw += kind + "\x1f" + message + "\x1e";
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::vector<std::pair<std::string, std::string>> decode_flash(const std::string& value) {
  std::vector<std::pair<std::string, std::string>> out;
  if (value.size() > 4000) return out;
  std::string raw(value.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), value.data(), value.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return out;
  raw.resize(len);
  if (!http::is_valid_utf8(raw)) return out;
  std::size_t pos = 0;
  while (pos < raw.size()) {
    auto end = raw.find('\x1e', pos);
    if (end == std::string::npos) break;
    std::string item = raw.substr(pos, end - pos);
    auto sep = item.find('\x1f');
    if (sep != std::string::npos) {
      std::string kind = item.substr(0, sep);
      if (kind == "success" || kind == "error" || kind == "info") out.emplace_back(kind, item.substr(sep + 1));
    }
    pos = end + 1;
  }
  return out;
}

bool is_safe_method(const std::string& method) {
  return method == "GET" || method == "HEAD";
}

// The anonymous CSRF token (forms before login) is "<random>.<mac>": a value the server did not issue
// (planted by a sibling site or an injected header) is refused, not adopted.
std::string anon_csrf_mac(const std::string& secret, std::string_view random) {
  return hmac_sha256_hex("trame anonymous csrf\x1f" + secret, random).substr(0, 32);
}

std::string issue_anon_csrf(const std::string& secret) {
  std::string random = random_token(16);
  return random + "." + anon_csrf_mac(secret, random);
}

bool is_issued_anon_csrf(const std::string& secret, std::string_view value) {
  auto dot = value.find('.');
  if (dot != 22 || value.size() != 22 + 1 + 32) return false;
  std::string_view random = value.substr(0, dot);
  for (char c : random)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return constant_time_equal(value.substr(dot + 1), anon_csrf_mac(secret, random));
}
}  // namespace

// ---- Context -------------------------------------------------------------------------

namespace {

// Appends a value, unambiguously (type, then length-prefixed text), and the values its nested objects
// and list items hold under `names`; false for a value it cannot describe (a lambda, a partial).
bool describe(std::string& out, const Data& value, const std::vector<std::string>& names) {
  if (value.is_string()) {
    const std::string& s = value.string_value();
    out += 's';
    out += std::to_string(s.size());
    out += ':';
    out += s;
  } else if (value.is_true()) {
    out += 'T';
  } else if (value.is_false()) {
    out += 'F';
  } else if (value.is_list()) {
    out += '[';
    for (const auto& item : value.list_value())
      if (!describe(out, item, names)) return false;
    out += ']';
  } else if (value.is_object()) {
    out += '{';
    for (const auto& name : names) {
      const Data* inner = value.get(name);
      if (!inner) continue;
      out += name;
      out += '=';
      if (!describe(out, *inner, names)) return false;
    }
    out += '}';
  } else {
    return false;
  }
  return true;
}

// The values of `names` as a render would find them (the first of `stack` holding each) — dotted
// names through the objects of the first segment — appended to key; false when one cannot be described.
bool fingerprint(std::string& key, const std::vector<std::string>& names, std::initializer_list<const Data*> stack) {
  for (const auto& name : names) {
    const std::string first = name.substr(0, name.find('.'));
    for (const Data* level : stack) {
      const Data* value = level->get(first);
      if (!value) continue;
      key += first;
      key += '=';
      if (!describe(key, *value, names)) return false;
      break;
    }
    key += ';';
  }
  return true;
}

// Frames already made, by the signature of everything the layout's data is made from (Context::page):
// a page whose signature was seen is framed without building that data. Kept here rather than in App
// (issue 22, session 18): one per App, told apart by its random content mark.
struct FrameMemo {
  std::mutex mutex;
  std::unordered_map<std::string, std::optional<std::vector<std::string>>> names;  // content mark → tag names
  std::unordered_map<std::string, std::shared_ptr<const App::Frame>> frames;       // mark + signature → frame
};

FrameMemo& frame_memo() {
  static FrameMemo memo;
  return memo;
}

// The layout's tag names (Views::tag_names), asked once per App: they only change when templates reload,
// and then there are none.
std::optional<std::vector<std::string>> layout_names(App& app, const std::string& view) {
  auto& memo = frame_memo();
  {
    std::lock_guard lock(memo.mutex);
    if (auto it = memo.names.find(app.content_mark); it != memo.names.end()) return it->second;
  }
  auto names = app.views->tag_names(view);
  if (!names) return names;  // reloading templates or recording keys: asked again each time, never kept
  std::lock_guard lock(memo.mutex);
  memo.names[app.content_mark] = names;
  return names;
}

std::shared_ptr<const App::Frame> memo_frame(const std::string& key) {
  auto& memo = frame_memo();
  std::lock_guard lock(memo.mutex);
  auto it = memo.frames.find(key);
  return it == memo.frames.end() ? nullptr : it->second;
}

void memo_keep(const std::string& key, const App::Frame& frame) {
  auto& memo = frame_memo();
  auto kept = std::make_shared<const App::Frame>(frame);
  std::lock_guard lock(memo.mutex);
  if (memo.frames.size() >= 1024 && !memo.frames.count(key)) memo.frames.clear();  // bounded: start again
  memo.frames[key] = std::move(kept);
}

// The route table indexed by first segment (http::RouteIndex), one per thread and App (told apart by its
// random content mark), built again when routes were added: no lock on the way of every request (issue 22).
const http::Router<RouteData>::Route* find_route(const App& app, std::string_view method, std::string_view path,
                                                 std::unordered_map<std::string, std::string>& params,
                                                 http::MatchResult& match) {
  struct Memo {
    const App* app = nullptr;
    std::string mark;
    std::unique_ptr<http::RouteIndex<RouteData>> index;
  };
  thread_local Memo memo;
  const auto& routes = app.router().routes();
  if (memo.app != &app || memo.mark != app.content_mark || !memo.index || !memo.index->built_for(routes)) {
    memo.index = std::make_unique<http::RouteIndex<RouteData>>(routes);
    memo.app = &app;
    memo.mark = app.content_mark;
  }
  return memo.index->find(routes, method, path, params, match);
}

void sign(std::string& out, std::string_view text) {
  out += std::to_string(text.size());
  out += ':';
  out += text;
}

}  // namespace

Context::Context(App& a, http::Request& r) : app(a), req(r) {}

// Everything page() makes the layout's data from, but the content and what the layout additions add
// (described after it): the same signature means the same data, hence the same frame. Every user
// flag of base_data() is a function of the memberships' roles, all signed here.
static std::string layout_signature(const Context& ctx, const std::string& title, int status) {
  const auto& [app, req, user, locale, meta, csrf_token, public_route] =
      std::tie(ctx.app, ctx.req, ctx.user, ctx.locale, ctx.meta, ctx.csrf_token, ctx.public_route);
  std::string sig = app.content_mark;
  sig += '\x1f';
  sign(sig, locale);
  sign(sig, title);
  sign(sig, std::to_string(status));
  sign(sig, req.method);
  sign(sig, req.target);
  sign(sig, req.path);
  sig += public_route ? 'P' : '-';
  sign(sig, meta.description);
  sign(sig, meta.image);
  sign(sig, meta.type);
  sig += meta.noindex ? 'N' : '-';
  sign(sig, csrf_token);
  if (user) {
    sig += user->mfa_pending ? 'M' : 'U';
    sign(sig, std::to_string(user->id));
    sign(sig, user->name);
    sign(sig, user->email);
    for (const auto& m : user->memberships) {
      sig += 'm';
      sign(sig, std::to_string(m.organisation_id));
      sign(sig, m.organisation_name);
      sign(sig, m.role);
    }
  } else {
    sig += '0';
  }
  sign(sig, app.asset_url("css/trame.css"));
  sign(sig, app.asset_url("js/trame.js"));
  for (const auto& link : app.site_menu()) {
    sig += 'l';
    sign(sig, link.url);
    sign(sig, link.label);
  }
  sig += '\x1e';
  return sig;
}

std::string Context::t(const std::string& key, const Params& params) const {
  return app.catalogue.t(locale, key, params);
}

void Context::flash(const std::string& kind, const std::string& message) {
  flashes_.emplace_back(kind, message);
}

http::Response Context::redirect(const std::string& location) {
  return http::Response::redirect(location);
}

Data Context::base_data() {
  Data data{Data::type::object};
  data.set("lang", locale);
  data.set("csrf", csrf_token);
  data.set("submission", random_token(12));
  // Where the language switch comes back to: this page when it was a GET (a POST's page may not be
  // reachable by GET). /langue sends it through same_site_location like every redirect.
  data.set("current_path", req.method == "GET" && req.target.size() <= 2000 ? req.target : std::string("/"));
  if (user && !user->mfa_pending) {
    Data u{Data::type::object};
    u.set("name", user->name);
    u.set("email", user->email);
    data.set("user", u);
    data.set("is_admin", user->is_admin() ? Data::type::bool_true : Data::type::bool_false);
    data.set("can_see_organisations",
             user->can(perm::organisations_view) ? Data::type::bool_true : Data::type::bool_false);
    data.set("can_browse_outings", user->can(perm::outings_browse) ? Data::type::bool_true : Data::type::bool_false);
    data.set("can_manage_questionnaires",
             user->can(perm::questionnaires_manage) ? Data::type::bool_true : Data::type::bool_false);
    data.set("can_book_outings", user->can(perm::outings_book) ? Data::type::bool_true : Data::type::bool_false);
    data.set("can_manage_outings", user->can(perm::outings_manage) ? Data::type::bool_true : Data::type::bool_false);
    // The menu shows what the person's roles can use, nothing else (a trainee sees no Territoires).
    data.set("can_publish_outings", flag(user->can(perm::outings_publish)));
    data.set("can_manage_trainings", flag(user->can(perm::trainings_manage)));
    data.set("is_trainee", flag(user->has_role("trainee")));
    data.set("can_manage_partnerships", flag(user->can(perm::partnerships_manage)));
    data.set("can_manage_territories", flag(user->can(perm::territories_manage)));
    data.set("can_manage_network_life", flag(user->can(perm::network_life_manage)));
    data.set("is_volunteer", flag(user->has_role("volunteer") || user->can(perm::network_life_manage)));
    data.set("can_edit_site", flag(user->can(perm::site_edit)));
    // The dashboards per audience (/rapports) have a block for these roles; plans are their organisation's.
    data.set("can_read_reports", flag(user->can(perm::outings_manage) || user->can(perm::outings_book) ||
                                      user->can(perm::outings_publish) || user->can(perm::trainings_manage) ||
                                      user->can(perm::certifications_manage)));
    data.set("can_manage_plans", flag(user->can(perm::plans_manage)));
    data.set("can_manage_privacy", flag(user->can(perm::privacy_manage)));  // issue 23: /admin/vie-privee
    // Issue 24: « Allô l'Artiste ! » (/allo-artiste), a link on the dashboard (not in the menu).
    data.set("can_use_allo",
             flag(user->can(perm::allo_program) || user->can(perm::allo_perform) || user->can(perm::allo_register)));
    // Issue 24: /jeu.
    data.set("can_play_game", flag(user->can(perm::game_play)));
  }
  return data;
}

http::Response Context::render(const std::string& view, const Data& data, const std::string& title, int status) {
  return page(render_content(view, data), title, status);
}

std::string Context::render_content(const std::string& view, const Data& data) {
  // Lookups fall through: the page's own data, then the common page data, then the catalogue.
  const Data& catalogue = app.catalogue.mustache(locale);
  Data common = base_data();
  return app.views->render(view, data, {&catalogue, &common}, locale);
}

http::Response Context::page(const std::string& content, const std::string& title, int status) {
  // A page framed before with the same inputs (signature) and no flash message takes its frame without
  // building the layout's data (issue 22, session 18): the layout additions still run, their values signed.
  const std::string view = "layout/page";
  const auto names = layout_names(app, view);
  Data added{Data::type::object};
  for (const auto& add : app.layout_additions) {
    try {
      add(*this, added);
    } catch (const std::exception& ex) {
      spdlog::error("layout addition failed: {}", ex.what());
    }
  }
  std::string signature;
  if (names && flashes_.empty() && std::find(names->begin(), names->end(), "submission") == names->end()) {
    signature = layout_signature(*this, title, status);
    if (!describe(signature, added, *names)) signature.clear();
    if (!signature.empty()) {
      if (auto kept = memo_frame(signature)) {
        flash_consumed_ = true;
        std::string html;
        html.reserve(kept->before.size() + content.size() + kept->after.size());
        html.append(kept->before).append(content).append(kept->after);
        return http::Response::html(std::move(html), status);
      }
    }
  }
  const Data& catalogue = app.catalogue.mustache(locale);
  Data common = base_data();
  Data layout{Data::type::object};
  layout.set("title", title);
  layout.set("content", content);
  layout.set("css_url", app.asset_url("css/trame.css"));
  layout.set("js_url", app.asset_url("js/trame.js"));
  Data flashes{Data::type::list};
  for (const auto& [kind, message] : flashes_) {
    Data f{Data::type::object};
    f.set("kind", kind);
    f.set("message", message);
    f.set("is_error", kind == "error" ? Data::type::bool_true : Data::type::bool_false);
    flashes.push_back(f);
  }
  layout.set("flashes", flashes);
  flash_consumed_ = true;
  layout.set("other_locale", locale == "fr" ? "en" : "fr");
  layout.set("other_locale_label", locale == "fr" ? "English" : "Français");
  Data menu{Data::type::list};
  for (const auto& link : app.site_menu()) {
    Data l{Data::type::object};
    l.set("url", link.url);
    l.set("label", link.label);
    l.set("current", flag(req.path == link.url));
    menu.push_back(l);
  }
  layout.set("site_menu", menu);

  set_page_meta(layout, status);
  if (names) {
    // What the additions set, as far as the layout reads it (every name it reads, dotted ones by segment).
    for (const auto& name : *names)
      if (const Data* value = added.get(name)) layout.set(name, *value);
  } else {
    for (const auto& add : app.layout_additions) {
      try {
        add(*this, layout);
      } catch (const std::exception& ex) {
        spdlog::error("layout addition failed: {}", ex.what());
      }
    }
  }
  // The layout's text depends only on the values its tags read: kept per fingerprint of them, the
  // content (written as it is, {{{content}}}) put between its two halves (issue 22).
  if (names) {
    std::string key = locale + '\x1f';
    if (fingerprint(key, *names, {&layout, &common})) {
      if (auto kept = app.frame(key)) {
        if (!signature.empty()) memo_keep(signature, *kept);
        return http::Response::html(kept->before + content + kept->after, status);
      }
      layout.set("content", app.content_mark);
      std::string framed = app.views->render(view, layout, {&catalogue, &common}, locale);
      auto at = framed.find(app.content_mark);
      if (at != std::string::npos && framed.find(app.content_mark, at + 1) == std::string::npos) {
        App::Frame frame{framed.substr(0, at), framed.substr(at + app.content_mark.size())};
        std::string html = frame.before + content + frame.after;
        if (!signature.empty()) memo_keep(signature, frame);
        app.keep_frame(key, std::move(frame));
        return http::Response::html(std::move(html), status);
      }
      layout.set("content", content);
    }
  }
  return http::Response::html(app.views->render(view, layout, {&catalogue, &common}, locale), status);
}

void Context::set_page_meta(Data& layout, int status) const {
  std::string base = app.config.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string url = base + url_encode(req.path, "/-._~!$&'()*+,;=:@");
  layout.set("description", meta.description.empty() ? t("layout.description") : meta.description);
  layout.set("canonical", url);
  layout.set("og_type", meta.type);
  layout.set("og_locale", locale == "en" ? "en_GB" : "fr_FR");
  if (!meta.image.empty()) layout.set("og_image", meta.image.rfind("http", 0) == 0 ? meta.image : base + meta.image);
  const bool admin = req.path == "/admin" || req.path.rfind("/admin/", 0) == 0;
  layout.set("noindex", flag(meta.noindex || !public_route || admin || status >= 400));
}

http::Response Context::error(int status, const std::string& message) {
  return app.error_page(*this, status, message);
}

http::Response Context::refused(const Outcome& outcome) {
  bool generic =
      outcome.error.empty() || outcome.error == "errors.404.message" || outcome.error == "errors.403.message";
  return error(status_of(outcome), generic ? std::string() : t(outcome.error));
}

void set_error(Data& data, const Context& ctx, const Outcome& outcome) {
  if (outcome.ok || outcome.error.empty()) return;
  data.set("error", ctx.t(outcome.error));
  if (!outcome.field.empty()) {
    data.set("error_field", outcome.field);
    data.set("error_" + outcome.field, flag(true));
  }
}

void set_error(Data& data, const Context& ctx, const Outcome& outcome, const std::string& form) {
  if (outcome.ok || outcome.error.empty()) return;
  data.set("error", ctx.t(outcome.error));
  data.set("error_" + form, flag(true));
  if (!outcome.field.empty()) data.set("error_" + form + "_" + outcome.field, flag(true));
}

int status_of(const Outcome& outcome) {
  if (outcome.ok) return 200;
  switch (outcome.code) {
    case Failure::not_found: return 404;
    case Failure::denied: return 403;
    case Failure::conflict: return 409;
    case Failure::limited: return 429;
    case Failure::gone: return 410;
    case Failure::unavailable: return 503;
    case Failure::invalid:
    case Failure::none: break;
  }
  return 422;
}

http::Response finish(Context& ctx, const Outcome& outcome, const std::string& done, const std::string& next,
                      const FormAgain& form_again) {
  if (outcome.ok) {
    if (!done.empty()) ctx.flash("success", ctx.t(done));
    return ctx.redirect(next);
  }
  if (outcome.denied() || outcome.code == Failure::unavailable || outcome.code == Failure::gone)
    return ctx.refused(outcome);
  return form_again(outcome, status_of(outcome));
}

http::Response finish_with(Context& ctx, const Outcome& outcome, const std::string& done, const Params& params,
                           const std::string& next, const FormAgain& form_again, const std::string& kind) {
  if (outcome.ok && !done.empty()) ctx.flash(kind, ctx.t(done, params));
  return finish(ctx, outcome, "", next, form_again);
}

FormAgain back_to(Context& ctx, std::string page, Params params) {
  return [&ctx, page = std::move(page), params = std::move(params)](const Outcome& failed, int) {
    ctx.flash("error", ctx.t(failed.error, params));
    return ctx.redirect(page);
  };
}

http::Response stored_picture(const Context& ctx, const std::string& content_type, std::string bytes,
                              const std::string& sha256, int max_age_seconds) {
  http::Response res;
  std::string etag = "\"" + sha256.substr(0, 32) + "\"";
  res.set_header("ETag", etag);
  res.set_header("Cache-Control", "private, max-age=" + std::to_string(max_age_seconds));
  if (ctx.req.header("if-none-match") == etag) {
    res.status = 304;
    return res;
  }
  res.set_header("Content-Type", content_type);
  res.body = std::move(bytes);
  return res;
}

// ---- App -----------------------------------------------------------------------------

App::App(Config c, store::Database& database)
    : config(std::move(c)), db(database), content_mark("trame-content-" + random_token(24)) {
  catalogue.load(config.resource("locales"));
  views = std::make_unique<Views>(config.resource("templates"), config.development, &catalogue);
  static_files = std::make_unique<http::StaticFiles>(config.resource("static"));
}

std::optional<App::Frame> App::frame(const std::string& key) {
  std::lock_guard lock(frames_mutex_);
  auto it = frames_.find(key);
  if (it == frames_.end()) return std::nullopt;
  return it->second;
}

void App::keep_frame(const std::string& key, Frame frame) {
  std::lock_guard lock(frames_mutex_);
  if (frames_.size() >= 1024 && !frames_.count(key)) frames_.clear();  // bounded: start again
  frames_[key] = std::move(frame);
}

void App::set_site_menu(std::function<std::vector<MenuLink>()> source) {
  std::lock_guard lock(menu_mutex_);
  menu_source_ = std::move(source);
  menu_.reset();
}

void App::invalidate_site_menu() {
  std::lock_guard lock(menu_mutex_);
  menu_.reset();
}

std::vector<App::MenuLink> App::site_menu() {
  constexpr auto kMenuLifetime = std::chrono::seconds(60);
  std::lock_guard lock(menu_mutex_);
  if (!menu_source_) return {};
  auto now = std::chrono::steady_clock::now();
  if (!menu_ || now - menu_read_at_ > kMenuLifetime) {
    try {
      menu_ = menu_source_();
    } catch (const std::exception& e) {
      // A page must still render when the menu cannot be read (the database is down): without it.
      spdlog::warn("site menu: {}", e.what());
      return menu_ ? *menu_ : std::vector<MenuLink>{};
    }
    menu_read_at_ = now;
  }
  return *menu_;
}

void App::get(std::string_view pattern, std::string permission, RouteHandler handler, RouteOptions options) {
  router_.add("GET", pattern, RouteData{std::move(permission), std::move(handler), options});
}

void App::post(std::string_view pattern, std::string permission, RouteHandler handler, RouteOptions options) {
  router_.add("POST", pattern, RouteData{std::move(permission), std::move(handler), options});
}

std::string App::asset_url(const std::string& rel_path) const {
  return "/static/" + rel_path + "?v=" + static_files->fingerprint(rel_path);
}

http::Cookie App::session_cookie(const std::string& value, int max_age) const {
  http::Cookie c;
  c.name = session_cookie_name();
  c.value = value;
  c.max_age = max_age;
  c.secure = config.https;
  return c;
}

std::string App::pick_locale(const http::Request& req) const {
  if (auto lang = req.cookie(kLangCookie); lang && (*lang == "fr" || *lang == "en")) return catalogue.normalise(*lang);
  std::string accept = req.header("accept-language");
  if (accept.rfind("en", 0) == 0) return catalogue.normalise("en");
  return catalogue.normalise(config.default_locale);
}

namespace {

// The origin of the map's tile server as a CSP source (" https://tile.example.org", "{s}." becoming "*."),
// or "" when there are no tiles or the URL is not a plain http(s) URL.
std::string map_tiles_source(const std::string& url) {
  std::string scheme;
  if (url.rfind("https://", 0) == 0) scheme = "https://";
  else if (url.rfind("http://", 0) == 0) scheme = "http://";
  else return "";
  std::string host = url.substr(scheme.size());
  host = host.substr(0, host.find_first_of("/?#"));
  if (host.rfind("{s}.", 0) == 0) host = "*." + host.substr(4);
  if (host.empty() || host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:*[]") !=
                          std::string::npos)
    return "";
  return " " + scheme + host;
}

}  // namespace

void App::add_security_headers(http::Response& res, bool personal) const {
  // The policy depends only on the tiles' URL: made again only when it changes (per thread, no lock).
  thread_local std::string policy_tiles;
  thread_local std::string policy;
  if (policy.empty() || policy_tiles != config.map_tiles_url) {
    policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:" +
             map_tiles_source(config.map_tiles_url) +
             "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    policy_tiles = config.map_tiles_url;
  }
  res.set_header("Content-Security-Policy", policy);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "same-origin");
  res.set_header("X-Frame-Options", "DENY");
  // A page may allow more (the guest list's QR scanner allows the camera to itself).
  if (res.header("Permissions-Policy").empty())
    res.set_header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (config.https) res.set_header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  if (personal && res.header("Cache-Control").empty()) res.set_header("Cache-Control", "no-store");
}

http::Response App::transport_error(const http::Request& req, int status) {
  http::Request copy = req;
  Context ctx(*this, copy);
  ctx.locale = pick_locale(req);
  std::string message = ctx.t("errors." + std::to_string(status) + ".message");
  return error_page(ctx, status, message);
}

http::Response App::error_page(Context& ctx, int status, const std::string& message) {
  std::string key = "errors." + std::to_string(status);
  std::string title = catalogue.has("fr", key + ".title") ? ctx.t(key + ".title") : ctx.t("errors.500.title");
  std::string text = message.empty() ? ctx.t(key + ".message") : message;
  http::Response res;
  if (ctx.req.wants_json()) {
    boost::json::object body{{"error", boost::json::object{{"status", status}, {"title", title}, {"message", text}}}};
    res = http::Response::json(boost::json::serialize(body), status);
  } else {
    Data data{Data::type::object};
    data.set("status", std::to_string(status));
    data.set("heading", title);
    data.set("message", text);
    try {
      res = ctx.render("errors/error", data, title, status);
    } catch (const std::exception& ex) {
      spdlog::error("error page failed: {}", ex.what());
      res = http::Response::text(title + "\n" + text, status);
    }
  }
  add_security_headers(res, true);
  return res;
}

http::Response App::handle(http::Request& req) {
  auto started = std::chrono::steady_clock::now();
  std::string route_pattern = "(none)";
  http::Response res = dispatch(req, route_pattern);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics.record(route_pattern, req.method, res.status, seconds);
  return res;
}

http::Response App::dispatch(http::Request& req, std::string& route_pattern) {
  Context ctx(*this, req);
  ctx.locale = pick_locale(req);

  std::unordered_map<std::string, std::string> params;
  http::MatchResult match;
  const auto* route = find_route(*this, req.method, req.path, params, match);
  if (!route) return error_page(ctx, match == http::MatchResult::method_not_allowed ? 405 : 404, "");
  req.params = std::move(params);
  route_pattern = route->pattern.source;
  ctx.route_pattern = route_pattern;
  req.route = route_pattern;
  const RouteData& data = route->data;
  // A page reached by a secret link (a ticket, an invitation, a quote to accept…) is public but personal:
  // search engines must not keep it, whichever module serves it.
  ctx.public_route = data.permission == perm::public_access && route_pattern.find("{token") == std::string::npos;

  // Static files and the probes need no session.
  if (data.permission == perm::metrics) {
    std::string auth = req.header("authorization");
    bool token_ok = !config.metrics_token.empty() && constant_time_equal(auth, "Bearer " + config.metrics_token);
    if (!req.is_loopback() && !token_ok) return error_page(ctx, 403, "");
    return data.handler(ctx);
  }
  if (route_pattern == "/static/{path:*}" || route_pattern == "/healthz") {
    http::Response res = data.handler(ctx);
    add_security_headers(res, false);
    return res;
  }

  // Session → current user.
  if (auto token = req.cookie(session_cookie_name()); token && !token->empty() && resolve_session) {
    ctx.user = resolve_session(*token);
    if (!ctx.user) ctx.cookies.push_back(session_cookie("", 0));
  }
  if (ctx.user && !ctx.user->locale.empty() && !req.cookie(kLangCookie))
    ctx.locale = catalogue.normalise(ctx.user->locale);

  // Flash messages from the previous request.
  if (auto flash = req.cookie(kFlashCookie); flash && !flash->empty()) ctx.flashes_ = decode_flash(*flash);

  // CSRF token: the session's, or an anonymous double-submit cookie before login.
  bool new_anon_token = false;
  if (ctx.user) {
    ctx.csrf_token = ctx.user->csrf_token;
  } else {
    auto anon = req.cookie(anon_csrf_cookie_name());
    if (anon && is_issued_anon_csrf(config.secret_key, *anon)) {
      ctx.csrf_token = *anon;
    } else {
      ctx.csrf_token = issue_anon_csrf(config.secret_key);
      new_anon_token = true;
    }
  }

  auto finish = [&](http::Response res) {
    for (const auto& c : ctx.cookies) res.set_cookie(c);
    if (new_anon_token) {
      http::Cookie c;
      c.name = anon_csrf_cookie_name();
      c.value = ctx.csrf_token;
      c.secure = config.https;
      res.set_cookie(c);
    }
    bool redirecting = res.status == 303;
    if (redirecting && !ctx.flashes_.empty()) {
      http::Cookie c;
      c.name = kFlashCookie;
      c.value = encode_flash(ctx.flashes_);
      c.secure = config.https;
      res.set_cookie(c);
    } else if (ctx.flash_consumed_ && req.cookie(kFlashCookie)) {
      http::Cookie c;
      c.name = kFlashCookie;
      c.max_age = 0;
      res.set_cookie(c);
    }
    add_security_headers(res, true);
    return res;
  };

  // Permission: deny by default.
  const std::string& permission = data.permission;
  bool signed_in = ctx.user && !ctx.user->mfa_pending;
  if (permission == perm::mfa_pending) {
    if (!ctx.user || !ctx.user->mfa_pending) return finish(ctx.redirect("/connexion"));
  } else if (permission != perm::public_access) {
    if (!signed_in) {
      if (ctx.user && ctx.user->mfa_pending) return finish(ctx.redirect("/connexion/code"));
      if (is_safe_method(req.method) && !req.wants_json()) {
        ctx.flash("info", ctx.t("errors.login_required"));
        return finish(ctx.redirect("/connexion?suivant=" + url_encode(req.target, "/")));
      }
      return finish(error_page(ctx, 403, ctx.t("errors.login_required")));
    }
    if (permission != perm::authenticated && !ctx.user->can(permission)) return finish(error_page(ctx, 403, ""));
    if (ctx.user->must_enrol_mfa && !data.options.before_mfa_enrolment) {
      if (is_safe_method(req.method)) {
        ctx.flash("info", ctx.t("mfa.required_for_role"));
        return finish(ctx.redirect("/compte/double-authentification"));
      }
      return finish(error_page(ctx, 403, ctx.t("mfa.required_for_role")));
    }
  }

  // Forms: decode, then check the CSRF token on every state-changing request.
  if (!is_safe_method(req.method)) {
    std::string content_type = req.header("content-type");
    if (content_type.rfind("multipart/form-data", 0) == 0) {
      auto boundary = http::multipart_boundary(content_type);
      auto parts = boundary ? http::parse_multipart(req.body, *boundary) : std::nullopt;
      if (!parts) return finish(error_page(ctx, 400, ctx.t("errors.bad_form")));
      for (auto& part : *parts) {
        if (part.filename) {
          ctx.files.push_back(std::move(part));
          continue;
        }
        if (!http::is_valid_utf8(part.data)) return finish(error_page(ctx, 400, ctx.t("errors.bad_encoding")));
        ctx.form.add(part.name, part.data);
      }
    } else {
      auto form = http::Form::parse_urlencoded(req.body);
      if (!form) return finish(error_page(ctx, 400, ctx.t("errors.bad_encoding")));
      ctx.form = std::move(*form);
    }
    for (const auto& [name, value] : ctx.form.fields())
      if (http::has_control_characters(name) || http::has_control_characters(value))
        return finish(error_page(ctx, 400, ctx.t("errors.control_characters")));
    std::string sent = ctx.form.get("_csrf");
    if (sent.empty()) sent = req.header("x-csrf-token");
    if (!data.options.csrf_exempt &&
        (sent.empty() || ctx.csrf_token.empty() || new_anon_token || !constant_time_equal(sent, ctx.csrf_token)))
      return finish(error_page(ctx, 403, ctx.t("errors.csrf")));
  }

  // A one-time submission id makes a double-clicked submit harmless.
  std::string submission = is_safe_method(req.method) ? std::string() : ctx.form.get("_submission");
  if (data.options.submission_in_handler) {
    ctx.submission = std::move(submission);
    submission.clear();
  }
  if (!submission.empty() && submission_guard) {
    if (!submission_guard(submission, false)) {
      ctx.flash("info", ctx.t("flash.already_submitted"));
      std::string back = req.header("referer");
      auto pos = back.find("://");
      if (pos != std::string::npos) {
        auto slash = back.find('/', pos + 3);
        back = slash == std::string::npos ? "/" : back.substr(slash);
      }
      return finish(ctx.redirect(back.empty() ? "/" : back));
    }
  }

  http::Response res;
  try {
    res = data.handler(ctx);
  } catch (const std::exception& ex) {
    spdlog::error("request {} {} {} failed: {}", req.request_id, http::log_escape(req.method, 16), req.log_target(),
                  http::log_escape(ex.what(), 2000));
    if (!submission.empty() && submission_guard) submission_guard(submission, true);
    return finish(error_page(ctx, 500, ""));
  }
  // A form shown again with errors may be sent again with the same id.
  if (!submission.empty() && submission_guard && res.status != 303) submission_guard(submission, true);
  return finish(std::move(res));
}

// ---- System routes ---------------------------------------------------------------------

void register_system_routes(App& app) {
  // Leaflet's files come from its npm package (node_modules/leaflet/dist), under /static/vendor/leaflet/.
  auto leaflet = std::make_shared<http::StaticFiles>(app.config.resource("node_modules/leaflet/dist"));
  // jsQR (the guest list's QR scanner) from node_modules/jsqr/dist, under /static/vendor/jsqr/.
  auto jsqr = std::make_shared<http::StaticFiles>(app.config.resource("node_modules/jsqr/dist"));
  app.get("/static/{path:*}", perm::public_access, [leaflet, jsqr](Context& ctx) {
    const std::string& path = ctx.req.params.at("path");
    const std::string vendor = "vendor/leaflet/";
    if (path.rfind(vendor, 0) == 0 && !ctx.app.static_files->contains(path))
      return leaflet->serve(ctx.req, path.substr(vendor.size()));
    const std::string vendor_jsqr = "vendor/jsqr/";
    if (path.rfind(vendor_jsqr, 0) == 0 && !ctx.app.static_files->contains(path))
      return jsqr->serve(ctx.req, path.substr(vendor_jsqr.size()));
    return ctx.app.static_files->serve(ctx.req, path);
  });

  app.get("/healthz", perm::public_access, [](Context& ctx) {
    auto health = ctx.app.db.health();
    bool ok = health.reads && health.writes;
    boost::json::object body{{"status", ok ? "ok" : "erreur"},
                             {"database", health.reads ? "ok" : "injoignable"},
                             {"writes", health.writes ? "ok" : "en échec"}};
    auto res = http::Response::json(boost::json::serialize(body), ok ? 200 : 503);
    res.set_header("Cache-Control", "no-store");
    return res;
  });

  app.get("/metrics", perm::metrics, [](Context& ctx) {
    std::vector<Reading> readings;
    if (ctx.app.gauges) readings = ctx.app.gauges();
    using T = Reading::Type;
    auto& db = ctx.app.db;
    readings.push_back(
        {"trame_db_pool_size", "Database sessions in the pool.", T::gauge, static_cast<double>(db.pool_size())});
    readings.push_back({"trame_db_pool_in_use", "Database sessions lent out now.", T::gauge,
                        static_cast<double>(db.sessions_in_use())});
    readings.push_back({"trame_db_write_commits_total", "Write transactions committed since start (one per group).",
                        T::counter, static_cast<double>(db.write_commits())});
    readings.push_back({"trame_db_grouped_writers_total",
                        "Writers served by those commits since start (divided by the commits: mean group size).",
                        T::counter, static_cast<double>(db.grouped_writers())});
    auto res = http::Response::text(ctx.app.metrics.prometheus(readings));
    res.set_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    return res;
  });
}

}  // namespace trame::web

namespace trame::web {

long long page_param(const http::Request& req) {
  auto p = req.query_param("page");
  if (!p || p->empty() || p->size() > 6) return 1;
  for (char c : *p)
    if (c < '0' || c > '9') return 1;
  return std::max(1LL, std::stoll(*p));
}

Data pagination(const Context& ctx, long long page, long long per_page, long long total, const std::string& base_url) {
  long long pages = std::max(1LL, (total + per_page - 1) / per_page);
  Data d{Data::type::object};
  d.set("label",
        ctx.t("pagination.status",
              {{"page", std::to_string(page)}, {"pages", std::to_string(pages)}, {"total", std::to_string(total)}}));
  if (page > 1) d.set("prev_url", base_url + "page=" + std::to_string(page - 1));
  if (page < pages) d.set("next_url", base_url + "page=" + std::to_string(page + 1));
  d.set("has_links", pages > 1 ? Data::type::bool_true : Data::type::bool_false);
  return d;
}

std::string format_datetime(long long unix_seconds, const std::string& locale) {
  return format_local(unix_seconds, locale == "en" ? "%Y-%m-%d %H:%M" : "%d/%m/%Y %H:%M");
}

long long parse_id(std::string_view text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string_view::npos) return 0;
  return std::stoll(std::string(text));
}

Actor actor_of(const Context& ctx) {
  Actor a;
  if (ctx.user) {
    a.id = ctx.user->id;
    a.label = ctx.user->email;
  }
  a.ip = ctx.req.remote_ip;
  return a;
}

std::string url_encode(const std::string& value, std::string_view keep) {
  // Boost.URL: the unreserved characters of RFC 3986 and those in `keep` as they are, every other
  // byte as %XX (upper-case hex).
  const std::string kept(keep);
  return boost::urls::encode(value, boost::urls::unreserved_chars + boost::urls::grammar::lut_chars(kept.c_str()));
}

Data options(const Context& ctx, const std::vector<std::string>& values, const std::string& label_prefix,
             const std::string& selected) {
  Data list{Data::type::list};
  for (const auto& v : values) {
    Data o{Data::type::object};
    o.set("value", v);
    o.set("label", ctx.t(label_prefix + v));
    o.set("selected", flag(v == selected));
    list.push_back(o);
  }
  return list;
}

}  // namespace trame::web
