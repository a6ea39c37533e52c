#include "network/partnerships/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/store/settings.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>

#include "platform/core/text.hpp"
#include "platform/docs/file_type.hpp"
#include "platform/http/form.hpp"
#include "platform/web/crypto.hpp"

namespace trame::partnerships {

namespace {

std::string subject_of(long long id) {
  return "partnership:" + std::to_string(id);
}

// The types a partnership document may be, recognised by their bytes whatever the browser declared.
const std::vector<std::string>& document_types() {
  static const std::vector<std::string> accepted = {docs::kPdf, docs::kPng, docs::kJpeg, docs::kOdt, docs::kDocx};
  return accepted;
}

// Within the délégations only: a coordinator's own organisation (often the network's organiser, a side
// of most partnerships) does not open every partnership it is part of.
bool in_scope_of(soci::session& sql, const organisations::Scope& scope, long long a, long long b) {
  organisations::Scope delegations_only = scope;
  delegations_only.own.clear();
  return organisations::organisation_in_scope(sql, delegations_only, a) ||
         organisations::organisation_in_scope(sql, delegations_only, b);
}

}  // namespace

bool valid_iso_date(const std::string& date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (date[i] < '0' || date[i] > '9') return false;
  int y = std::stoi(date.substr(0, 4));
  unsigned m = static_cast<unsigned>(std::stoi(date.substr(5, 2)));
  unsigned d = static_cast<unsigned>(std::stoi(date.substr(8, 2)));
  if (y < 1900 || y > 2200) return false;
  return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}.ok();
}

std::string today_iso() {
  return local_day(store::now_seconds());
}

Outcome Service::validate_details(Partnership& p) {
  p.start_date = trim(p.start_date);
  p.end_date = trim(p.end_date);
  p.contact_name = trim(p.contact_name);
  p.contact_email = trim(p.contact_email);
  if (p.start_date.empty()) return Outcome::failure("partnerships.errors.start_required", "start_date");
  if (!valid_iso_date(p.start_date)) return Outcome::failure("partnerships.errors.start_date", "start_date");
  if (!p.end_date.empty() && !valid_iso_date(p.end_date))
    return Outcome::failure("partnerships.errors.end_date", "end_date");
  if (!p.end_date.empty() && p.end_date < p.start_date)
    return Outcome::failure("partnerships.errors.end_before_start", "end_date");
  if (p.contact_name.size() > 200) return Outcome::failure("partnerships.errors.too_long", "contact_name");
  if (!p.contact_email.empty() && !plausible_email(p.contact_email))
    return Outcome::failure("partnerships.errors.contact_email", "contact_email");
  if (p.notes.size() > 5000) return Outcome::failure("partnerships.errors.too_long", "notes");
  return Outcome::success();
}

void Service::record_event(soci::session& sql, const Actor& actor, Event e) {
  e.at = store::now_seconds();
  e.actor_id = actor.id;
  repo_.insert_event(sql, e, actor.label);
}

Outcome Service::create(const Actor& actor, Partnership p, const organisations::Scope& scope) {
  if (!is_one_of(p.kind, kinds())) return Outcome::failure("partnerships.errors.kind", "kind");
  if (!is_one_of(p.status, statuses())) return Outcome::failure("partnerships.errors.status", "status");
  if (p.status == "ended") return Outcome::failure("partnerships.errors.initial_status", "status");
  if (p.organisation_id != 0 && p.organisation_id == p.partner_id)
    return Outcome::failure("partnerships.errors.same_organisation", "partner");
  if (auto v = validate_details(p); !v.ok) return v;
  p.charter_signed_on = trim(p.charter_signed_on);
  std::string today = today_iso();
  if (!p.charter_signed_on.empty()) {
    if (!valid_iso_date(p.charter_signed_on)) return Outcome::failure("partnerships.errors.charter_date", "charter");
    if (p.charter_signed_on > today) return Outcome::failure("partnerships.errors.charter_future", "charter");
    p.charter_recorded_by = actor.id;
    p.charter_recorded_by_name = actor.label;
  }
  return db_.write([&](soci::session& sql) {
    auto first = repo_.active_organisation_name(sql, p.organisation_id);
    if (!first) return Outcome::failure("partnerships.errors.organisation", "organisation");
    auto second = repo_.active_organisation_name(sql, p.partner_id);
    if (!second) return Outcome::failure("partnerships.errors.partner", "partner");
    if (!in_scope_of(sql, scope, p.organisation_id, p.partner_id))
      return Outcome::failure("annuaire.scope.errors.partnership", "partner");
    if (repo_.exists_between(sql, p.organisation_id, p.partner_id, p.kind, true))
      return Outcome::failure("partnerships.errors.duplicate", "partner");
    p.created_at = p.updated_at = store::now_seconds();
    long long id = repo_.insert(sql, p, actor.id);
    Event e;
    e.partnership_id = id;
    e.action = "created";
    e.to_status = p.status;
    record_event(sql, actor, e);
    if (!p.charter_signed_on.empty()) {
      Event c;
      c.partnership_id = id;
      c.action = "charter_signed";
      c.detail = p.charter_signed_on;
      record_event(sql, actor, c);
    }
    audit_.record(sql, actor, "partnership.created", subject_of(id),
                  *first + " — " + *second + " (" + p.kind + ", " + p.status + ", " + p.start_date + ")");
    return Outcome::success(id);
  });
}

Outcome Service::update(const Actor& actor, long long id, const Partnership& changes,
                        const organisations::Scope& scope) {
  Partnership next = changes;
  // The object and the actor's scope first, then the input: an actor out of scope gets the same
  // answer whatever they send.
  return db_.write([&](soci::session& sql) {
    auto current = repo_.find(sql, id);
    if (!current) return Outcome::not_found();
    if (!in_scope_of(sql, scope, current->organisation_id, current->partner_id))
      return Outcome::forbidden("annuaire.scope.errors.partnership");
    if (auto v = validate_details(next); !v.ok) return v;
    if (current->status == "ended" && next.end_date.empty())
      return Outcome::failure("partnerships.errors.end_required", "end_date");
    std::vector<std::string> changed;
    if (next.start_date != current->start_date) changed.emplace_back("start_date");
    if (next.end_date != current->end_date) changed.emplace_back("end_date");
    if (next.contact_name != current->contact_name) changed.emplace_back("contact_name");
    if (next.contact_email != current->contact_email) changed.emplace_back("contact_email");
    if (next.notes != current->notes) changed.emplace_back("notes");
    if (changed.empty()) return Outcome::success(id);
    Partnership row = *current;
    row.start_date = next.start_date;
    row.end_date = next.end_date;
    row.contact_name = next.contact_name;
    row.contact_email = next.contact_email;
    row.notes = next.notes;
    row.updated_at = store::now_seconds();
    repo_.update_details(sql, row);
    std::string fields;
    for (const auto& f : changed) fields += (fields.empty() ? "" : ",") + f;
    Event e;
    e.partnership_id = id;
    e.action = "updated";
    e.detail = fields;
    record_event(sql, actor, e);
    std::string detail = fields + " (" + row.start_date + " → " + (row.end_date.empty() ? "…" : row.end_date) + ")";
    audit_.record(sql, actor, "partnership.updated", subject_of(id), detail);
    return Outcome::success(id);
  });
}

Outcome Service::change_status(const Actor& actor, long long id, const std::string& to, const std::string& end_date,
                               const std::string& note_in, const organisations::Scope& scope) {
  std::string note = trim(note_in);
  std::string end = trim(end_date);
  return db_.write([&](soci::session& sql) {
    auto current = repo_.find(sql, id);
    if (!current) return Outcome::not_found();
    if (!in_scope_of(sql, scope, current->organisation_id, current->partner_id))
      return Outcome::forbidden("annuaire.scope.errors.partnership");
    if (!is_one_of(to, statuses())) return Outcome::failure("partnerships.errors.status", "status");
    if (note.size() > 1000) return Outcome::failure("partnerships.errors.too_long", "note");
    if (!end.empty() && !valid_iso_date(end)) return Outcome::failure("partnerships.errors.end_date", "end_date");
    if (!transition_allowed(current->status, to)) return Outcome::failure("partnerships.errors.transition", "status");
    std::string new_end = current->end_date;
    if (to == "ended") {
      new_end = !end.empty() ? end : !current->end_date.empty() ? current->end_date : today_iso();
      if (new_end < current->start_date) return Outcome::failure("partnerships.errors.end_before_start", "end_date");
    }
    // Conditional on the status read: two people changing it at once cannot both succeed.
    if (!repo_.change_status(sql, id, current->status, to, new_end, store::now_seconds()))
      return Outcome::failure("partnerships.errors.transition", "status");
    Event e;
    e.partnership_id = id;
    e.action = "status_changed";
    e.from_status = current->status;
    e.to_status = to;
    if (to == "ended") e.detail = new_end;
    e.note = note;
    record_event(sql, actor, e);
    audit_.record(sql, actor, "partnership.status_changed", subject_of(id),
                  current->status + " → " + to + (note.empty() ? "" : " : " + note));
    return Outcome::success(id);
  });
}

Outcome Service::record_charter(const Actor& actor, long long id, const std::string& date_in,
                                const organisations::Scope& scope) {
  std::string date = trim(date_in);
  return db_.write([&](soci::session& sql) {
    auto current = repo_.find(sql, id);
    if (!current) return Outcome::not_found();
    if (!in_scope_of(sql, scope, current->organisation_id, current->partner_id))
      return Outcome::forbidden("annuaire.scope.errors.partnership");
    if (!valid_iso_date(date)) return Outcome::failure("partnerships.errors.charter_date", "charter");
    if (date > today_iso()) return Outcome::failure("partnerships.errors.charter_future", "charter");
    if (current->status == "ended") return Outcome::failure("partnerships.errors.charter_ended", "charter");
    if (!repo_.sign_charter(sql, id, date, actor.id, actor.label, store::now_seconds()))
      return Outcome::failure("partnerships.errors.charter_already", "charter");
    Event e;
    e.partnership_id = id;
    e.action = "charter_signed";
    e.detail = date;
    record_event(sql, actor, e);
    audit_.record(sql, actor, "partnership.charter_signed", subject_of(id), current->partner_name + " : " + date);
    return Outcome::success(id);
  });
}

organisations::Scope Service::scope(const Principal& me) {
  return db_.read([&](soci::session& sql) { return organisations::scope_of(sql, me); });
}

bool Service::in_scope(const organisations::Scope& scope, long long id) {
  if (scope.everywhere) return true;
  return db_.read([&](soci::session& sql) {
    auto p = repo_.find(sql, id);
    return p && in_scope_of(sql, scope, p->organisation_id, p->partner_id);
  });
}

Outcome Service::add_document(const Actor& actor, long long id, const std::string& file_name_in,
                              const std::string& bytes, const organisations::Scope& scope) {
  return db_.write([&](soci::session& sql) {
    auto current = repo_.find(sql, id);
    if (!current) return Outcome::not_found();
    if (!in_scope_of(sql, scope, current->organisation_id, current->partner_id))
      return Outcome::forbidden("annuaire.scope.errors.partnership");
    if (bytes.empty()) return Outcome::failure("annuaire.documents.errors.missing", "document");
    if (bytes.size() > kMaxDocumentBytes) return Outcome::failure("annuaire.documents.errors.size", "document");
    // Named from the detected type, never from the client's extension.
    auto upload = docs::identify_upload(bytes, file_name_in, document_types());
    if (!upload) return Outcome::failure("annuaire.documents.errors.type", "document");
    if (docs::clean_file_name(file_name_in).size() > docs::kMaxFileName)
      return Outcome::failure("annuaire.documents.errors.name", "document");
    const std::string& type = upload->type;
    const std::string& file_name = upload->name;
    Document d;
    d.partnership_id = id;
    d.file_name = file_name;
    d.content_type = type;
    d.size = static_cast<long long>(bytes.size());
    d.bytes = bytes;
    d.sha256 = web::sha256_hex(bytes);
    d.uploaded_at = store::now_seconds();
    d.uploaded_by = actor.id;
    long long doc_id = repo_.insert_document(sql, d);
    Event e;
    e.partnership_id = id;
    e.action = "document_added";
    e.detail = file_name;
    record_event(sql, actor, e);
    audit_.record(sql, actor, "partnership.document_added", subject_of(id),
                  "document " + std::to_string(doc_id) + " : " + file_name + ", " + type + ", " +
                      std::to_string(bytes.size()) + " octets");
    return Outcome::success(doc_id);
  });
}

Outcome Service::remove_document(const Actor& actor, long long id, long long document_id,
                                 const organisations::Scope& scope) {
  return db_.write([&](soci::session& sql) {
    auto current = repo_.find(sql, id);
    if (!current) return Outcome::not_found();
    if (!in_scope_of(sql, scope, current->organisation_id, current->partner_id))
      return Outcome::forbidden("annuaire.scope.errors.partnership");
    std::string file_name;
    if (!repo_.mark_document_deleted(sql, id, document_id, actor.id, store::now_seconds(), file_name))
      return Outcome::failure("errors.404.message");
    Event e;
    e.partnership_id = id;
    e.action = "document_removed";
    e.detail = file_name;
    record_event(sql, actor, e);
    audit_.record(sql, actor, "partnership.document_removed", subject_of(id),
                  "document " + std::to_string(document_id) + " : " + file_name);
    return Outcome::success(document_id);
  });
}

namespace {
bool may_see_documents_in(soci::session& sql, Repository& repo, const Principal& me, long long id) {
  auto p = repo.find(sql, id);
  if (!p) return false;
  for (const auto& m : me.memberships)
    if (m.organisation_id == p->organisation_id || m.organisation_id == p->partner_id) return true;
  if (!me.can(perm::partnerships_manage)) return false;
  auto scope = organisations::network_scope(sql, me, perm::partnerships_manage);
  return scope.everywhere || in_scope_of(sql, scope, p->organisation_id, p->partner_id);
}
}  // namespace

bool Service::may_see_documents(const Principal& me, long long id) {
  return db_.read([&](soci::session& sql) { return may_see_documents_in(sql, repo_, me, id); });
}

std::vector<Document> Service::documents(long long id, const Principal& me) {
  return db_.read([&](soci::session& sql) {
    if (!may_see_documents_in(sql, repo_, me, id)) return std::vector<Document>{};
    return repo_.documents(sql, id);
  });
}

std::optional<Document> Service::document(long long id, long long document_id, const Principal& me) {
  return db_.read([&](soci::session& sql) -> std::optional<Document> {
    if (!may_see_documents_in(sql, repo_, me, id)) return std::nullopt;
    return repo_.document(sql, id, document_id);
  });
}

std::vector<OrganisationChoice> Service::find_organisations(const std::string& query, long long limit,
                                                            long long& total) {
  std::string folded = fold_for_search(trim(query));
  total = 0;
  if (folded.size() < 2) return {};
  // LIKE wildcards typed by the person are taken literally enough: they only widen the search.
  std::string pattern = "%" + folded + "%";
  return db_.read([&](soci::session& sql) {
    total = repo_.count_organisations(sql, pattern);
    return repo_.find_organisations(sql, pattern, limit);
  });
}

std::optional<OrganisationChoice> Service::organisation_named(const std::string& name) {
  std::string n = trim(name);
  if (n.empty()) return std::nullopt;
  auto list = db_.read([&](soci::session& sql) { return repo_.organisations_named(sql, n); });
  if (list.size() != 1) return std::nullopt;
  return list.front();
}

std::optional<OrganisationChoice> Service::organisation_choice(long long id) {
  if (id <= 0) return std::nullopt;
  return db_.read([&](soci::session& sql) { return repo_.organisation_choice(sql, id); });
}

std::optional<Partnership> Service::find(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
}

std::vector<Partnership> Service::search(const Filter& f, long long page, long long per_page, long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count(sql, f);
    return repo_.search(sql, f, (page - 1) * per_page, per_page);
  });
}

std::vector<Event> Service::history(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.events(sql, id); });
}

std::vector<OrganisationChoice> Service::organisation_choices() {
  return db_.read([&](soci::session& sql) { return repo_.organisation_choices(sql); });
}

bool Service::charter_signed(long long organisation_id) {
  std::string today = today_iso();
  return db_.read([&](soci::session& sql) { return repo_.has_signed_charter(sql, organisation_id, today); });
}

namespace {
long long parse_target(const std::string& text) {
  if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoll(text);
}
}  // namespace

long long Service::yearly_target() {
  auto value = db_.read([&](soci::session& sql) { return store::setting(sql, kYearlyTargetKey); });
  long long n = parse_target(value);
  return n < 0 ? kDefaultYearlyTarget : n;
}

Outcome Service::set_yearly_target(const Actor& actor, const std::string& value_in) {
  std::string value = trim(value_in);
  long long n = parse_target(value);
  if (n < 0 || n > 10000) return Outcome::failure("partnerships.errors.target", "target");
  return db_.write([&](soci::session& sql) {
    std::string before = store::setting(sql, kYearlyTargetKey);
    store::set_setting(sql, kYearlyTargetKey, std::to_string(n));
    audit_.record(sql, actor, "partnerships.target_changed", "settings",
                  std::string(kYearlyTargetKey) + " : " + (before.empty() ? "—" : before) + " → " + std::to_string(n));
    return Outcome::success();
  });
}

YearlyCount Service::yearly_count(int year) {
  YearlyCount out;
  out.year = year;
  out.target = yearly_target();
  std::string y = std::to_string(year);
  std::string from = y + "-01-01", to = y + "-12-31";
  db_.read([&](soci::session& sql) {
    out.count = repo_.count_social_started(sql, from, to, true);
    out.proposed = repo_.count_social_started(sql, from, to, false);
    out.by_delegation = repo_.social_started_by_delegation(sql, from, to);
  });
  // Named délégations first, by name; the unknown one last.
  std::sort(out.by_delegation.begin(), out.by_delegation.end(), [](const auto& a, const auto& b) {
    if ((a.delegation_id == 0) != (b.delegation_id == 0)) return b.delegation_id == 0;
    return a.delegation_name < b.delegation_name;
  });
  return out;
}

void Service::load_demo(const Actor& actor) {
  struct Demo {
    const char* organisation;
    const char* partner;
    const char* kind;
    const char* status;
    const char* start;
    const char* end;
    const char* charter;
    const char* contact_name;
    const char* contact_email;
    const char* notes;
  };
  // From the seed documents; contacts are fictitious (.example addresses).
  static const Demo demos[] = {
      {"Cultures du Cœur 94", "Relais social de Vitry-sur-Seine (fictif)", "social_relay", "active", "2023-09-01", "",
       "2023-09-15", "Camille Exemple (fictive)", "camille.exemple@relais-vitry.example",
       "Référents formés lors d'un café découverte ; permanence culturelle mensuelle."},
      {"Cultures du Cœur 94", "Médiathèque d'Ivry-sur-Seine (fictive)", "cultural", "active", "2024-01-15", "", "",
       "Dominique Exemple (fictif)", "dominique.exemple@mediatheque-ivry.example",
       "Diversifier l'offre d'invitations : médiathèques du Val-de-Marne."},
      {"Cultures du Cœur 94", "Club sportif de Champigny (fictif)", "sport", "proposed", "2025-01-06", "", "", "", "",
       "Clubs et équipements sportifs du département : partenariat à construire."},
      {"Fondation David Hadida", "Cultures du Cœur 94", "funder", "active", "2023-01-01", "", "", "", "",
       "Action « Tous au cinéma » : 300 places de cinéma offertes."},
      {"Région Île-de-France", "Cultures du Cœur 94", "funder", "active", "2023-01-01", "", "", "", "",
       "Dispositif Tickets Loisirs : accès des publics du champ social aux îles de loisirs."},
      {"Département de Loire-Atlantique", "Théâtre Quartier Libre", "co_organiser", "active", "2024-09-01", "", "", "",
       "", "Formation-action culture/social du Pays d'Ancenis."},
      // Outings' reach (issue 19): a relais that never booked (« Relais en sommeil ») and one whose
      // partnership ends within 60 days of the demo's loading ("+45": 45 days after today).
      {"Cultures du Cœur 94", "Centre social de Choisy-le-Roi (fictif)", "social_relay", "active", "2024-03-01", "",
       "2024-03-15", "", "", "Relais sans réservation depuis son arrivée : à relancer."},
      {"Cultures du Cœur 94", "Épicerie solidaire de Villejuif (fictive)", "social_relay", "active", "2025-01-06",
       "+45", "2025-01-20", "", "", "Convention d'un an à renouveler."},
      // The Loire-Atlantique branch's relais (network/branches/demo.cpp).
      {"Cultures du Cœur 44 (fictive)", "Centre social Les Hirondelles, Nantes (fictif)", "social_relay", "active",
       "2025-09-01", "", "2025-09-15", "", "", "Premier relais de l'antenne de Loire-Atlantique."},
  };
  std::map<std::string, long long> ids;
  for (const auto& o : organisation_choices()) ids.emplace(o.name, o.id);
  for (const auto& d : demos) {
    auto a = ids.find(d.organisation), b = ids.find(d.partner);
    if (a == ids.end() || b == ids.end()) continue;
    bool exists =
        db_.read([&](soci::session& sql) { return repo_.exists_between(sql, a->second, b->second, d.kind, false); });
    if (exists) continue;
    Partnership p;
    p.organisation_id = a->second;
    p.partner_id = b->second;
    p.kind = d.kind;
    p.status = d.status;
    p.start_date = d.start;
    p.end_date = std::string(d.end) == "+45" ? local_day(store::now_seconds() + 45 * 86400) : d.end;
    p.charter_signed_on = d.charter;
    p.contact_name = d.contact_name;
    p.contact_email = d.contact_email;
    p.notes = d.notes;
    create(actor, p);
  }
}

}  // namespace trame::partnerships
