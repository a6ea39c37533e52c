#include "network/organisations/service.hpp"

#include <algorithm>
#include <map>
#include <sstream>

#include "platform/core/text.hpp"
#include "platform/docs/image.hpp"
#include "platform/web/crypto.hpp"

namespace trame::organisations {

namespace {

std::string search_text_of(const Organisation& o) {
  return fold_for_search(o.name + " " + o.subtype + " " + o.commune_name + " " + o.address + " " + o.siret);
}

// A commune's name as the filter compares it: folded, "st"/"ste" read as "saint"/"sainte".
std::string commune_key(const std::string& text) {
  std::istringstream words(fold_for_search(text));
  std::string out, word;
  while (words >> word) {
    if (word == "st") word = "saint";
    if (word == "ste") word = "sainte";
    out += (out.empty() ? "" : " ") + word;
  }
  return out;
}

}  // namespace

Outcome Service::validate(Organisation& o, soci::session& sql) {
  o.name = trim(o.name);
  o.subtype = trim(o.subtype);
  o.siret.erase(std::remove(o.siret.begin(), o.siret.end(), ' '), o.siret.end());
  o.address = trim(o.address);
  o.commune_code = trim(o.commune_code);
  o.website = trim(o.website);
  o.phone = trim(o.phone);
  o.public_email = trim(o.public_email);
  if (o.name.empty()) return Outcome::failure("organisations.errors.name_required", "name");
  if (o.name.size() > 200) return Outcome::failure("organisations.errors.name_too_long", "name");
  if (!is_one_of(o.kind, kinds())) return Outcome::failure("organisations.errors.kind", "kind");
  if (o.sector.empty()) o.sector = default_sector(o.kind);
  if (!is_one_of(o.sector, sectors())) return Outcome::failure("organisations.errors.sector", "sector");
  if (o.status != "active" && o.status != "archived") return Outcome::failure("organisations.errors.status", "status");
  if (o.subtype.size() > 80) return Outcome::failure("organisations.errors.too_long", "subtype");
  if (!o.siret.empty() && !valid_siret(o.siret)) return Outcome::failure("organisations.errors.siret", "siret");
  if (o.address.size() > 300) return Outcome::failure("organisations.errors.too_long", "address");
  if (!o.commune_code.empty() && !repo_.commune_exists(sql, o.commune_code))
    return Outcome::failure("organisations.errors.commune", "commune");
  if (!o.website.empty() && ((o.website.rfind("https://", 0) != 0 && o.website.rfind("http://", 0) != 0) ||
                             o.website.size() > 300 || o.website.find_first_of(" <>\"") != std::string::npos))
    return Outcome::failure("organisations.errors.website", "website");
  if (o.phone.size() > 30 || o.phone.find_first_not_of("0123456789 +.()-") != std::string::npos)
    return Outcome::failure("organisations.errors.phone", "phone");
  if (!o.public_email.empty() && !plausible_email(o.public_email))
    return Outcome::failure("organisations.errors.email", "public_email");
  if (o.description.size() > 20000) return Outcome::failure("organisations.errors.too_long", "description");
  if (o.accessibility.note.size() > 500 || o.opening_hours.size() > 500)
    return Outcome::failure("organisations.errors.too_long", "accessibility_note");
  // Coordinates (WGS 84 decimal degrees): both or neither; an unreadable value arrives as NaN.
  if (o.latitude && !(*o.latitude >= -90.0 && *o.latitude <= 90.0))
    return Outcome::failure("map.errors.latitude", "latitude");
  if (o.longitude && !(*o.longitude >= -180.0 && *o.longitude <= 180.0))
    return Outcome::failure("map.errors.longitude", "longitude");
  if (o.latitude.has_value() != o.longitude.has_value()) return Outcome::failure("map.errors.pair", "latitude");
  for (int* flag : {&o.accessibility.motor, &o.accessibility.visual, &o.accessibility.hearing, &o.accessibility.mental,
                    &o.public_listing})
    *flag = *flag ? 1 : 0;
  if (!o.siret.empty())
    if (auto same = repo_.find_by_siret(sql, o.siret); same && same->id != o.id)
      return Outcome::failure("organisations.errors.duplicate_siret", "siret");
  o.priority_area_code = trim(o.priority_area_code);
  if (!o.priority_area_code.empty() &&
      (o.commune_code.empty() || !repo_.priority_area_in_commune(sql, o.priority_area_code, o.commune_code)))
    return Outcome::failure("annuaire.qpv.errors.not_in_commune", "priority_area");
  if (repo_.find_duplicate(sql, o)) return Outcome::failure("organisations.errors.duplicate", "name");
  return Outcome::success();
}

Outcome Service::create(const Actor& actor, const std::string& name, const std::string& kind) {
  Organisation o;
  o.name = name;
  o.kind = kind;
  return create(actor, std::move(o));
}

Outcome Service::create(const Actor& actor, Organisation o, const Scope& scope) {
  return db_.write([&](soci::session& sql) { return create(sql, actor, o, scope); });
}

Outcome Service::create(soci::session& sql, const Actor& actor, Organisation& o, const Scope& scope) {
  o.id = 0;
  o.status = "active";
  if (auto v = validate(o, sql); !v.ok) return v;
  if (!commune_in_scope(sql, scope, o.commune_code))
    return Outcome::failure("annuaire.scope.errors.commune", "commune");
  o.created_at = store::now_seconds();
  if (!o.commune_code.empty())
    if (auto name = repo_.commune_name(sql, o.commune_code)) o.commune_name = *name;
  long long id = repo_.insert(sql, o, search_text_of(o));
  audit_.record(sql, actor, "organisation.created", "organisation:" + std::to_string(id), o.name + " (" + o.kind + ")");
  return Outcome::success(id);
}

Outcome Service::create_many(const Actor& actor, std::vector<Organisation>& rows, const std::string& provenance,
                             std::vector<std::pair<std::size_t, Outcome>>& errors, bool dry_run,
                             const std::function<Outcome(soci::session&)>& on_commit, const Scope& scope) {
  errors.clear();
  auto check = [&](soci::session& sql) {
    std::map<std::string, std::size_t> by_siret, by_name;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      Organisation& o = rows[i];
      o.id = 0;
      o.status = "active";
      o.provenance = provenance;
      if (auto v = validate(o, sql); !v.ok) {
        errors.emplace_back(i, v);
        continue;
      }
      if (!commune_in_scope(sql, scope, o.commune_code)) {
        errors.emplace_back(i, Outcome::failure("annuaire.scope.errors.commune", "commune"));
        continue;
      }
      if (!o.siret.empty()) {
        auto [it, fresh] = by_siret.emplace(o.siret, i);
        if (!fresh) {
          auto dup = Outcome::failure("directory_import.errors.duplicate_in_file", "siret");
          dup.id = static_cast<long long>(it->second);
          errors.emplace_back(i, dup);
          continue;
        }
      }
      auto [it, fresh] = by_name.emplace(fold_for_search(o.name) + "|" + o.commune_code, i);
      if (!fresh) {
        auto dup = Outcome::failure("directory_import.errors.duplicate_in_file", "name");
        dup.id = static_cast<long long>(it->second);
        errors.emplace_back(i, dup);
        continue;
      }
      if (!o.commune_code.empty())
        if (auto name = repo_.commune_name(sql, o.commune_code)) o.commune_name = *name;
    }
    return errors.empty() ? Outcome::success(static_cast<long long>(rows.size()))
                          : Outcome::failure("directory_import.errors.has_errors");
  };
  if (dry_run) return db_.read(check);
  return db_.write([&](soci::session& sql) {
    if (auto v = check(sql); !v.ok) return v;
    if (on_commit)
      if (auto v = on_commit(sql); !v.ok) return v;
    long long now = store::now_seconds();
    for (auto& o : rows) {
      o.created_at = now;
      o.id = repo_.insert(sql, o, search_text_of(o));
      audit_.record(sql, actor, "organisation.created", "organisation:" + std::to_string(o.id),
                    o.name + " (" + o.kind + ", " + provenance + ")");
    }
    return Outcome::success(static_cast<long long>(rows.size()));
  });
}

Outcome Service::update(const Actor& actor, long long id, Organisation changes, const Scope& scope) {
  return db_.write([&](soci::session& sql) {
    auto current = repo_.find(sql, id);
    if (!current) return Outcome::not_found();
    if (!organisation_in_scope(sql, scope, id)) return Outcome::forbidden("annuaire.scope.errors.organisation");
    bool own = std::find(scope.own.begin(), scope.own.end(), id) != scope.own.end();
    if (!own && trim(changes.commune_code) != current->commune_code &&
        !commune_in_scope(sql, scope, trim(changes.commune_code)))
      return Outcome::failure("annuaire.scope.errors.commune", "commune");
    changes.id = id;
    changes.created_at = current->created_at;
    changes.provenance = current->provenance;
    if (auto v = validate(changes, sql); !v.ok) return v;
    if (!changes.commune_code.empty())
      if (auto name = repo_.commune_name(sql, changes.commune_code)) changes.commune_name = *name;
    repo_.update(sql, changes, search_text_of(changes));
    audit_.record(sql, actor, "organisation.updated", "organisation:" + std::to_string(id),
                  changes.name + " (" + changes.kind + ", " + changes.status + ")");
    return Outcome::success(id);
  });
}

Scope Service::scope(const Principal& me) {
  return db_.read([&](soci::session& sql) { return scope_of(sql, me); });
}

bool Service::may_manage(const Principal& me, long long id) {
  return db_.read([&](soci::session& sql) { return organisation_in_scope(sql, scope_of(sql, me), id); });
}

std::vector<std::pair<std::string, std::string>> Service::priority_areas_of_commune(const std::string& commune) {
  if (commune.empty()) return {};
  return db_.read([&](soci::session& sql) { return repo_.priority_areas_of_commune(sql, commune); });
}

std::vector<std::pair<std::string, std::string>> Service::priority_area_choices() {
  return db_.read([&](soci::session& sql) { return repo_.priority_area_choices(sql); });
}

std::vector<CoordinatorMembership> Service::coordinator_memberships(long long user_id) {
  return db_.read([&](soci::session& sql) { return organisations::coordinator_memberships(sql, user_id); });
}

Outcome Service::set_coordinator_delegation(const Actor& actor, long long user_id, long long membership_id,
                                            long long delegation_id) {
  return db_.write([&](soci::session& sql) {
    auto role = repo_.membership_role(sql, membership_id, user_id);
    if (!role) return Outcome::failure("errors.404.message");
    if (*role != "coordinator") return Outcome::failure("annuaire.scope.errors.not_coordinator", "delegation");
    std::string name;
    if (delegation_id) {
      auto known = repo_.delegation_name(sql, delegation_id);
      if (!known) return Outcome::failure("annuaire.scope.errors.unknown_delegation", "delegation");
      name = *known;
    }
    repo_.set_membership_delegation(sql, membership_id, delegation_id);
    audit_.record(sql, actor, "membership.delegation_set", "user:" + std::to_string(user_id),
                  "adhésion " + std::to_string(membership_id) + " : " + (delegation_id ? name : "tout le réseau"));
    return Outcome::success(membership_id);
  });
}

std::optional<Organisation> Service::find(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
}

std::vector<Organisation> Service::search(const Search& s, long long page, long long per_page, long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count(sql, s);
    return repo_.search(sql, s, (page - 1) * per_page, per_page);
  });
}

std::vector<Organisation> Service::page(const std::string& query, long long page, long long per_page,
                                        long long& total) {
  Search s;
  s.text = query;
  s.status = "";
  return search(s, page, per_page, total);
}

std::vector<std::pair<long long, std::string>> Service::delegation_choices() {
  return db_.read([&](soci::session& sql) { return repo_.delegation_choices(sql); });
}

namespace {
// The refusal of a logo docs::normalise_image could not take.
Outcome refused_logo(docs::ImageProblem problem) {
  switch (problem) {
    case docs::ImageProblem::too_many_pixels: return Outcome::failure("organisations.errors.logo_pixels", "logo");
    case docs::ImageProblem::unreadable: return Outcome::failure("organisations.errors.logo_unreadable", "logo");
    default: return Outcome::failure("organisations.errors.logo_type", "logo");
  }
}
}  // namespace

Outcome Service::set_logo(const Actor& actor, long long id, const std::string& bytes) {
  if (bytes.empty()) return Outcome::failure("organisations.errors.logo_missing", "logo");
  if (bytes.size() > kMaxLogoBytes) return Outcome::failure("organisations.errors.logo_size", "logo");
  // Decoded, shrunk into kLogoBox, written again without metadata as PNG, which the PDFs (training
  // certificates, attendance sheets) can draw whatever was sent (docs/image.hpp).
  docs::ImageLimits limits;
  limits.max_width = limits.max_height = kLogoBox;
  limits.png_only = true;
  auto picture = docs::normalise_image(bytes, limits);
  if (!picture) return refused_logo(picture.problem);
  return db_.write([&](soci::session& sql) {
    if (!repo_.find(sql, id)) return Outcome::failure("errors.404.message");
    Logo logo{picture.type, picture.bytes, web::sha256_hex(picture.bytes), store::now_seconds()};
    repo_.save_logo(sql, id, logo);
    audit_.record(sql, actor, "organisation.logo_changed", "organisation:" + std::to_string(id),
                  picture.type + ", " + std::to_string(picture.width) + " × " + std::to_string(picture.height) + ", " +
                      std::to_string(picture.bytes.size()) + " octets (envoyé : " + std::to_string(bytes.size()) +
                      " octets)");
    return Outcome::success(id);
  });
}

Outcome Service::remove_logo(const Actor& actor, long long id) {
  return db_.write([&](soci::session& sql) {
    if (repo_.delete_logo(sql, id) == 0) return Outcome::failure("errors.404.message");
    audit_.record(sql, actor, "organisation.logo_removed", "organisation:" + std::to_string(id));
    return Outcome::success(id);
  });
}

std::optional<Logo> Service::logo(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.find_logo(sql, id); });
}

std::vector<Member> Service::members(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.members(sql, id); });
}

std::unique_ptr<Cursor> Service::export_search(const Actor& actor, const Search& s, const std::string& format) {
  long long total = db_.read([&](soci::session& sql) { return repo_.count(sql, s); });
  audit_.record(actor, "export", "organisations",
                format + ", " + std::to_string(total) + " ligne(s), recherche « " + s.text + " »");
  return std::make_unique<Cursor>(db_, s);
}

std::vector<Organisation> Service::all_active() {
  return db_.read([&](soci::session& sql) { return repo_.all_active(sql); });
}

std::vector<CommuneChoice> Service::communes_named(const std::string& text) {
  const std::string wanted = commune_key(text);
  if (wanted.empty()) return {};
  std::vector<CommuneChoice> exact, starting;
  for (auto& c : db_.read([&](soci::session& sql) { return repo_.communes(sql); })) {
    if (fold_for_search(c.code) == wanted) return {c};
    const std::string key = commune_key(c.name);
    if (key == wanted) exact.push_back(std::move(c));
    else if (key.rfind(wanted + " ", 0) == 0) starting.push_back(std::move(c));
  }
  return exact.empty() ? starting : exact;
}

std::optional<NetworkAlerts> Service::network_alerts(const Principal& me, long long limit) {
  if (!me.has_role("coordinator")) return std::nullopt;
  return db_.read([&](soci::session& sql) -> std::optional<NetworkAlerts> {
    Scope scope = scope_of(sql, me);
    if (!scope.may_create()) return std::nullopt;
    NetworkAlerts out;
    repo_.network_alerts(sql, scope.everywhere, organisations_in_delegations(sql, scope), limit, out);
    return out;
  });
}

}  // namespace trame::organisations
