#include "website/legal/service.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/store/settings.hpp"

namespace trame::website::legal {

const std::vector<PageSpec>& pages() {
  using K = FieldKind;
  static const std::vector<PageSpec> all = {
      {"mentions",
       "mentions-legales",
       "/mentions-legales",
       {{"editor", K::markdown, true},
        {"director", K::markdown, true},
        {"host", K::markdown, true},
        {"contact", K::markdown, true},
        {"credits", K::markdown, false}}},
      {"privacy",
       "confidentialite",
       "/confidentialite",
       {{"controller", K::markdown, true},
        {"supported", K::markdown, true},
        {"trainees", K::markdown, true},
        {"volunteers", K::markdown, true},
        {"professionals", K::markdown, true},
        {"visitors", K::markdown, true},
        {"rights", K::markdown, true}}},
      {"accessibility",
       "accessibilite",
       "/accessibilite",
       {{"entity", K::line, true},
        {"status", K::status, true},
        {"rate", K::percent, false},
        {"audit_date", K::date, false},
        {"statement_date", K::date, false},
        {"non_compliant", K::markdown, true},
        {"derogations", K::markdown, false},
        {"exempt", K::markdown, false},
        {"technologies", K::markdown, true},
        {"test_environment", K::markdown, true},
        {"pages_audited", K::markdown, true},
        {"contact", K::markdown, true},
        {"remedies", K::markdown, true}}},
      {"plan",
       "schema-pluriannuel",
       "/accessibilite/schema-pluriannuel",
       {{"years", K::line, true},
        {"multi_year", K::markdown, true},
        {"plan_year", K::line, true},
        {"plan", K::markdown, true}}},
  };
  return all;
}

const PageSpec* page_by_key(std::string_view key) {
  for (const auto& p : pages())
    if (key == p.key) return &p;
  return nullptr;
}

const PageSpec* page_by_slug(std::string_view slug) {
  for (const auto& p : pages())
    if (slug == p.slug) return &p;
  return nullptr;
}

namespace {

std::string prefix_of(const PageSpec& page) {
  return std::string("website.legal.") + page.key + ".";
}

// "72", "72.5" or "72,5" between 0 and 100 → "72" / "72.5"; "" when not such a rate.
std::string normalise_rate(std::string text) {
  std::replace(text.begin(), text.end(), ',', '.');
  const auto dot = text.find('.');
  const std::string whole = text.substr(0, dot);
  const std::string decimals = dot == std::string::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 3 || whole.find_first_not_of("0123456789") != std::string::npos) return "";
  if (dot != std::string::npos && (decimals.size() != 1 || !std::isdigit(static_cast<unsigned char>(decimals[0]))))
    return "";
  int n = 0;
  std::from_chars(whole.data(), whole.data() + whole.size(), n);
  if (n > 100 || (n == 100 && !decimals.empty() && decimals != "0")) return "";
  std::string out = std::to_string(n);
  if (!decimals.empty() && decimals != "0") out += "." + decimals;
  return out;
}

double rate_of(const std::string& normalised) {
  double r = 0;
  std::from_chars(normalised.data(), normalised.data() + normalised.size(), r);
  return r;
}

}  // namespace

Outcome check(const PageSpec& page, Values& input) {
  for (const auto& f : page.fields) {
    std::string& v = input[f.key];
    switch (f.kind) {
      case FieldKind::markdown:
        if (code_points(v) > kMarkdownMax) return Outcome::failure("site_legal.errors.too_long", f.key);
        break;
      case FieldKind::line:
        v = trim(v);
        if (v.find_first_of("\r\n") != std::string::npos) return Outcome::failure("site_legal.errors.one_line", f.key);
        if (code_points(v) > kLineMax) return Outcome::failure("site_legal.errors.line_too_long", f.key);
        break;
      case FieldKind::status:
        v = trim(v);
        if (std::find(std::begin(kStatuses), std::end(kStatuses), v) == std::end(kStatuses))
          return Outcome::failure("site_legal.errors.status", f.key);
        break;
      case FieldKind::percent:
        v = trim(v);
        if (!v.empty()) {
          auto n = normalise_rate(v);
          if (n.empty()) return Outcome::failure("site_legal.errors.rate", f.key);
          v = n;
        }
        break;
      case FieldKind::date:
        v = trim(v);
        if (!v.empty()) {
          auto d = parse_date(v);
          if (!d) return Outcome::failure("site_legal.errors.date", f.key);
          v = iso_date(*d);
        }
        break;
    }
  }
  if (std::string_view(page.key) == "accessibility") {
    const std::string& status = input["status"];
    const std::string& rate = input["rate"];
    if (status != "non" && (rate.empty() || input["audit_date"].empty()))
      return Outcome::failure("site_legal.errors.audit_needed", rate.empty() ? "rate" : "audit_date");
    if (!rate.empty()) {
      const double r = rate_of(rate);
      const bool fits = status == "total" ? r >= 100 : status == "partiel" ? r >= 50 && r < 100 : r < 100;
      if (!fits) return Outcome::failure("site_legal.errors.status_rate", "status");
    }
  }
  return Outcome::success();
}

Values Service::values(const PageSpec& page) {
  auto stored = db_.read([&](soci::session& sql) { return repo_.settings_under(sql, prefix_of(page)); });
  Values out;
  for (const auto& f : page.fields) out[f.key] = stored[f.key];
  return out;
}

long long Service::updated_at(const PageSpec& page) {
  return db_.read([&](soci::session& sql) { return store::setting_int(sql, prefix_of(page) + "updated_at", 0); });
}

Outcome Service::save(const Actor& actor, const PageSpec& page, Values input, long long now) {
  auto checked = check(page, input);
  if (!checked.ok) return checked;
  auto outcome = db_.attempt([&](soci::session& sql) {
    auto before = repo_.settings_under(sql, prefix_of(page));
    std::string changed;
    for (const auto& f : page.fields) {
      if (before[f.key] == input[f.key]) continue;
      store::set_setting(sql, prefix_of(page) + f.key, input[f.key]);
      changed += (changed.empty() ? "" : ", ") + std::string(f.key);
    }
    store::set_setting(sql, prefix_of(page) + "updated_at", std::to_string(now));
    audit_.record(sql, actor, "site.legal.saved", std::string("legal:") + page.key,
                  changed.empty() ? std::string("aucun changement") : changed);
    return Outcome::success();
  });
  if (outcome.ok && std::string_view(page.key) == "accessibility") {
    std::lock_guard lock(status_mutex_);
    status_ = input["status"];
    status_read_ = std::chrono::steady_clock::now();
  }
  return outcome;
}

std::vector<MissingField> Service::missing() {
  auto all = db_.read([&](soci::session& sql) { return repo_.all_settings(sql); });
  std::vector<MissingField> out;
  for (const auto& p : pages()) {
    for (const auto& f : p.fields) {
      const std::string& v = all[prefix_of(p).substr(std::string("website.legal.").size()) + f.key];
      if (v.find(kMissingMarker) != std::string::npos) out.push_back({&p, f.key, false});
      else if (f.required && trim(v).empty()) out.push_back({&p, f.key, true});
    }
  }
  return out;
}

std::string Service::accessibility_status() {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(status_mutex_);
    if (!status_.empty() && now - status_read_ < std::chrono::seconds(30)) return status_;
  }
  auto value = db_.read([](soci::session& sql) { return store::setting(sql, "website.legal.accessibility.status"); });
  if (std::find(std::begin(kStatuses), std::end(kStatuses), value) == std::end(kStatuses)) value = "non";
  std::lock_guard lock(status_mutex_);
  status_ = value;
  status_read_ = now;
  return value;
}

}  // namespace trame::website::legal
