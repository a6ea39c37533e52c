#include "certification/referential/service.hpp"

#include <algorithm>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/store/database.hpp"

namespace trame::referential {

bool valid_day(const std::string& text) {
  return text.size() == 10 && parse_date(text).has_value();
}

std::string publish_problem(const Referential& r) {
  if (trim(r.version.registration_number).empty()) return "certification.errors.publish_registration";
  if (!valid_day(r.version.decision_date)) return "certification.errors.publish_decision";
  if (r.blocks.empty()) return "certification.errors.publish_blocks";
  for (const auto& b : r.blocks) {
    if (b.competences.empty()) return "certification.errors.publish_competences";
    for (const auto& c : b.competences)
      if (c.criteria.empty()) return "certification.errors.publish_criteria";
  }
  return "";
}

namespace {

bool too_long(const std::string& s, std::size_t max) {
  return code_points(s) > max;
}

// The tables an element lives in, and its parent column (for moves).
struct Kind {
  const char* table;
  const char* parent;
};
const Kind kBlocks{"certification_blocks", "version_id"};

}  // namespace

Outcome Service::validate(const CertificationInput& in, Version& v) {
  v.title = trim(in.title);
  if (v.title.empty() || too_long(v.title, 200)) return Outcome::failure("certification.errors.title", "title");
  v.register_ = in.register_;
  if (!is_one_of(v.register_, registers())) return Outcome::failure("certification.errors.register", "register");
  v.registration_number = trim(in.registration_number);
  if (too_long(v.registration_number, 40))
    return Outcome::failure("certification.errors.registration_number", "registration_number");
  v.decision_date = trim(in.decision_date);
  if (!v.decision_date.empty() && !valid_day(v.decision_date))
    return Outcome::failure("certification.errors.decision_date", "decision_date");
  v.validity_end = trim(in.validity_end);
  if (!v.validity_end.empty() && !valid_day(v.validity_end))
    return Outcome::failure("certification.errors.validity_end", "validity_end");
  if (!v.validity_end.empty() && !v.decision_date.empty() && v.validity_end <= v.decision_date)
    return Outcome::failure("certification.errors.validity_before_decision", "validity_end");
  v.summary = in.summary;
  v.audience = trim(in.audience);
  v.prerequisites = trim(in.prerequisites);
  v.modalities = trim(in.modalities);
  v.equivalences = trim(in.equivalences);
  for (auto [text, field] : {std::pair{&v.summary, "summary"},
                             {&v.audience, "audience"},
                             {&v.prerequisites, "prerequisites"},
                             {&v.modalities, "modalities"},
                             {&v.equivalences, "equivalences"}})
    if (too_long(*text, 20000)) return Outcome::failure("certification.errors.too_long", field);
  return Outcome::success();
}

std::optional<Referential> Service::referential(const ActingFor& managed, long long id, long long version) {
  return db_.read([&](soci::session& sql) -> std::optional<Referential> {
    auto c = repo_.certification(sql, id);
    if (!c || (c->status != "published" && !managed.covers(c->owner_id))) return std::nullopt;
    auto v = repo_.version(sql, id, version ? version : c->current_version);
    if (!v) return std::nullopt;
    Referential r{*c, *v, repo_.tree(sql, v->id)};
    return r;
  });
}

std::optional<Referential> Service::managed(const ActingFor& managed, long long id) {
  auto r = referential(managed, id);
  if (!r || !managed.covers(r->certification.owner_id)) return std::nullopt;
  return r;
}

std::vector<Version> Service::versions(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.versions(sql, id); });
}

std::vector<Referential> Service::page(const ActingFor& managed, long long page, long long per_page, long long& total) {
  return db_.read([&](soci::session& sql) {
    std::vector<Referential> out;
    for (auto& c : repo_.list(sql, managed, per_page, (page - 1) * per_page, total)) {
      auto v = repo_.version(sql, c.id, c.current_version);
      if (v) out.push_back(Referential{c, *v, {}});
    }
    return out;
  });
}

std::vector<Choice> Service::owners(const ActingFor& managed) {
  // Certifiers first of all (the Observatoire is no training organisation), not only organisers of
  // trainings.
  std::vector<Choice> out;
  for (const auto& o : db_.read([&](soci::session& sql) { return repo_.certifiers(sql); }))
    if (managed.covers(o.id)) out.push_back(o);
  return out;
}

Outcome Service::create(const Actor& actor, const ActingFor& managed, const CertificationInput& in) {
  long long owner = in.owner_id;
  auto choices = owners(managed);
  if (!owner && choices.size() == 1) owner = choices.front().id;
  bool offered = std::any_of(choices.begin(), choices.end(), [&](const Choice& c) { return c.id == owner; });
  if (!owner || !managed.covers(owner) || !offered) return Outcome::failure("certification.errors.owner", "owner");
  Version v;
  if (auto bad = validate(in, v); !bad.ok) return bad;
  return db_.attempt([&](soci::session& sql) {
    long long now = store::now_seconds();
    long long id = repo_.insert_certification(sql, owner, now, actor.id);
    v.certification_id = id;
    v.number = 1;
    repo_.insert_version(sql, v, now);
    audit_.record(sql, actor, "certification.create", "certification:" + std::to_string(id), v.title);
    return Outcome::success(id);
  });
}

Place Service::editable(soci::session& sql, const Actor& actor, const ActingFor& managed, std::optional<Place> place,
                        const std::string& kind, long long& id) {
  if (!place || !managed.covers(place->owner_id)) roll_back(Outcome::not_found());
  if (place->version_number != place->current_version) refuse("certification.errors.old_version");
  if (!place->locked_at) return *place;
  // The current version has registrations: the edit goes to a new version, a copy of it.
  auto from = repo_.version(sql, place->certification_id, place->version_number);
  Version next = *from;
  next.number = from->number + 1;
  long long now = store::now_seconds();
  long long version_id = repo_.insert_version(sql, next, now);
  Copied copied = repo_.copy_version(sql, *from, version_id);
  repo_.set_current_version(sql, place->certification_id, next.number, now);
  if (kind == "block") id = copied.blocks[id];
  if (kind == "competence") id = copied.competences[id];
  if (kind == "criterion") id = copied.criteria[id];
  audit_.record(sql, actor, "certification.version", "certification:" + std::to_string(place->certification_id),
                std::to_string(next.number));
  Place p = *place;
  p.version_id = version_id;
  p.version_number = next.number;
  p.current_version = next.number;
  p.locked_at = 0;
  return p;
}

Outcome Service::update(const Actor& actor, const ActingFor& managed, long long id, const CertificationInput& in) {
  Version changes;
  if (auto bad = validate(in, changes); !bad.ok) {
    if (!this->managed(managed, id)) return Outcome::not_found();
    return bad;
  }
  return db_.attempt([&](soci::session& sql) {
    auto c = repo_.certification(sql, id);
    if (!c) roll_back(Outcome::not_found());
    auto current = repo_.version(sql, id, c->current_version);
    long long unused = 0;
    Place p = editable(sql, actor, managed, repo_.place_of_version(sql, current->id), "version", unused);
    changes.id = p.version_id;
    repo_.update_version(sql, changes);
    repo_.touch(sql, id, store::now_seconds());
    audit_.record(sql, actor, "certification.update", "certification:" + std::to_string(id),
                  "version " + std::to_string(p.version_number));
    return Outcome::success(id);
  });
}

Outcome Service::set_status(const Actor& actor, const ActingFor& managed, long long id, const std::string& status) {
  if (!is_one_of(status, statuses())) {
    if (!this->managed(managed, id)) return Outcome::not_found();
    return Outcome::failure("certification.errors.status", "status");
  }
  return db_.attempt([&](soci::session& sql) {
    auto c = repo_.certification(sql, id);
    if (!c || !managed.covers(c->owner_id)) roll_back(Outcome::not_found());
    if (c->status == status) return Outcome::success(id);
    if (status == "published") {
      auto v = repo_.version(sql, id, c->current_version);
      Referential r{*c, *v, repo_.tree(sql, v->id)};
      if (auto problem = publish_problem(r); !problem.empty()) refuse(problem);
    }
    if (status == "archived" && c->status != "published") refuse("certification.errors.archive_draft");
    repo_.set_status(sql, id, status, store::now_seconds());
    audit_.record(sql, actor, "certification.status", "certification:" + std::to_string(id),
                  c->status + " → " + status);
    return Outcome::success(id);
  });
}

namespace {

Outcome check_block(Block& b) {
  b.code = trim(b.code);
  b.title = trim(b.title);
  b.description = trim(b.description);
  if (b.code.empty() || too_long(b.code, 20)) return Outcome::failure("certification.errors.block_code", "block_code");
  if (b.title.empty() || too_long(b.title, 300))
    return Outcome::failure("certification.errors.block_title", "block_title");
  if (too_long(b.description, 5000)) return Outcome::failure("certification.errors.too_long", "block_description");
  return Outcome::success();
}

Outcome check_title(std::string& title, const char* key, const char* field) {
  title = trim(title);
  if (title.empty() || too_long(title, 500)) return Outcome::failure(key, field);
  return Outcome::success();
}

Outcome check_criterion(Criterion& c) {
  if (auto bad = check_title(c.title, "certification.errors.criterion_title", "criterion_title"); !bad.ok) return bad;
  if (!is_one_of(c.modality, modalities()))
    return Outcome::failure("certification.errors.modality", "criterion_modality");
  return Outcome::success();
}

}  // namespace

Outcome Service::add_block(const Actor& actor, const ActingFor& managed, long long certification_id, Block b) {
  auto bad = check_block(b);
  return db_.attempt([&](soci::session& sql) {
    auto c = repo_.certification(sql, certification_id);
    if (!c) roll_back(Outcome::not_found());
    auto v = repo_.version(sql, certification_id, c->current_version);
    long long unused = 0;
    Place p = editable(sql, actor, managed, repo_.place_of_version(sql, v->id), "version", unused);
    if (!bad.ok) roll_back(bad);
    if (repo_.block_code_taken(sql, p.version_id, b.code, 0))
      refuse("certification.errors.block_code_taken", "block_code");
    b.version_id = p.version_id;
    long long id = repo_.insert_block(sql, b);
    repo_.touch(sql, certification_id, store::now_seconds());
    audit_.record(sql, actor, "certification.block.add", "certification:" + std::to_string(certification_id),
                  b.code + " (" + std::to_string(id) + ")");
    return Outcome::success(certification_id);
  });
}

Outcome Service::update_block(const Actor& actor, const ActingFor& managed, long long id, Block b) {
  auto bad = check_block(b);
  return db_.attempt([&](soci::session& sql) {
    Place p = editable(sql, actor, managed, repo_.place_of_block(sql, id), "block", id);
    if (!bad.ok) roll_back(bad);
    if (repo_.block_code_taken(sql, p.version_id, b.code, id))
      refuse("certification.errors.block_code_taken", "block_code");
    b.id = id;
    repo_.update_block(sql, b);
    repo_.touch(sql, p.certification_id, store::now_seconds());
    audit_.record(sql, actor, "certification.block.update", "certification:" + std::to_string(p.certification_id),
                  b.code + " (" + std::to_string(id) + ")");
    return Outcome::success(p.certification_id);
  });
}

Outcome Service::delete_block(const Actor& actor, const ActingFor& managed, long long id) {
  return db_.attempt([&](soci::session& sql) {
    Place p = editable(sql, actor, managed, repo_.place_of_block(sql, id), "block", id);
    repo_.delete_block(sql, id);
    repo_.touch(sql, p.certification_id, store::now_seconds());
    audit_.record(sql, actor, "certification.block.delete", "certification:" + std::to_string(p.certification_id),
                  std::to_string(id));
    return Outcome::success(p.certification_id);
  });
}

Outcome Service::move_block(const Actor& actor, const ActingFor& managed, long long id, bool up) {
  return db_.attempt([&](soci::session& sql) {
    Place p = editable(sql, actor, managed, repo_.place_of_block(sql, id), "block", id);
    repo_.move(sql, kBlocks.table, kBlocks.parent, id, up);
    repo_.touch(sql, p.certification_id, store::now_seconds());
    return Outcome::success(p.certification_id);
  });
}

Outcome Service::add_competence(const Actor& actor, const ActingFor& managed, long long block_id, std::string title) {
  auto bad = check_title(title, "certification.errors.competence_title", "competence_title");
  return db_.attempt([&](soci::session& sql) {
    Place p = editable(sql, actor, managed, repo_.place_of_block(sql, block_id), "block", block_id);
    if (!bad.ok) roll_back(bad);
    Competence c;
    c.block_id = block_id;
    c.title = title;
    long long id = repo_.insert_competence(sql, c);
    repo_.touch(sql, p.certification_id, store::now_seconds());
    audit_.record(sql, actor, "certification.competence.add", "certification:" + std::to_string(p.certification_id),
                  std::to_string(id));
    return Outcome::success(p.certification_id);
  });
}

Outcome Service::update_competence(const Actor& actor, const ActingFor& managed, long long id, std::string title) {
  auto bad = check_title(title, "certification.errors.competence_title", "competence_title");
  return db_.attempt([&](soci::session& sql) {
    Place p = editable(sql, actor, managed, repo_.place_of_competence(sql, id), "competence", id);
    if (!bad.ok) roll_back(bad);
    repo_.update_competence(sql, id, title);
    repo_.touch(sql, p.certification_id, store::now_seconds());
    audit_.record(sql, actor, "certification.competence.update", "certification:" + std::to_string(p.certification_id),
                  std::to_string(id));
    return Outcome::success(p.certification_id);
  });
}

Outcome Service::delete_competence(const Actor& actor, const ActingFor& managed, long long id) {
  return db_.attempt([&](soci::session& sql) {
    Place p = editable(sql, actor, managed, repo_.place_of_competence(sql, id), "competence", id);
    repo_.delete_competence(sql, id);
    repo_.touch(sql, p.certification_id, store::now_seconds());
    audit_.record(sql, actor, "certification.competence.delete", "certification:" + std::to_string(p.certification_id),
                  std::to_string(id));
    return Outcome::success(p.certification_id);
  });
}

Outcome Service::add_criterion(const Actor& actor, const ActingFor& managed, long long competence_id, Criterion c) {
  auto bad = check_criterion(c);
  return db_.attempt([&](soci::session& sql) {
    Place p = editable(sql, actor, managed, repo_.place_of_competence(sql, competence_id), "competence", competence_id);
    if (!bad.ok) roll_back(bad);
    c.competence_id = competence_id;
    long long id = repo_.insert_criterion(sql, c);
    repo_.touch(sql, p.certification_id, store::now_seconds());
    audit_.record(sql, actor, "certification.criterion.add", "certification:" + std::to_string(p.certification_id),
                  std::to_string(id));
    return Outcome::success(p.certification_id);
  });
}

Outcome Service::update_criterion(const Actor& actor, const ActingFor& managed, long long id, Criterion c) {
  auto bad = check_criterion(c);
  return db_.attempt([&](soci::session& sql) {
    Place p = editable(sql, actor, managed, repo_.place_of_criterion(sql, id), "criterion", id);
    if (!bad.ok) roll_back(bad);
    c.id = id;
    repo_.update_criterion(sql, c);
    repo_.touch(sql, p.certification_id, store::now_seconds());
    audit_.record(sql, actor, "certification.criterion.update", "certification:" + std::to_string(p.certification_id),
                  std::to_string(id));
    return Outcome::success(p.certification_id);
  });
}

Outcome Service::delete_criterion(const Actor& actor, const ActingFor& managed, long long id) {
  return db_.attempt([&](soci::session& sql) {
    Place p = editable(sql, actor, managed, repo_.place_of_criterion(sql, id), "criterion", id);
    repo_.delete_criterion(sql, id);
    repo_.touch(sql, p.certification_id, store::now_seconds());
    audit_.record(sql, actor, "certification.criterion.delete", "certification:" + std::to_string(p.certification_id),
                  std::to_string(id));
    return Outcome::success(p.certification_id);
  });
}

long long Service::certification_of(const std::string& kind, long long id) {
  return db_.read([&](soci::session& sql) {
    std::optional<Place> p = kind == "block"        ? repo_.place_of_block(sql, id)
                             : kind == "competence" ? repo_.place_of_competence(sql, id)
                                                    : repo_.place_of_criterion(sql, id);
    return p ? p->certification_id : 0LL;
  });
}

std::vector<PreparedBy> Service::prepared_by(long long certification_id) {
  return db_.read([&](soci::session& sql) { return repo_.prepared_by(sql, certification_id); });
}

long long Service::prepared_certification(long long programme_id) {
  return db_.read([&](soci::session& sql) { return repo_.prepared_certification(sql, programme_id); });
}

std::vector<Choice> Service::published_choices() {
  return db_.read([&](soci::session& sql) { return repo_.published_choices(sql); });
}

Outcome Service::set_preparation(const Actor& actor, const ActingFor& organisers, long long programme_id,
                                 long long certification_id,
                                 const std::vector<std::pair<long long, long long>>& links) {
  if (!programmes_.managed_programme(organisers, programme_id)) return Outcome::not_found();
  return db_.attempt([&](soci::session& sql) {
    std::vector<std::pair<long long, long long>> kept;
    if (certification_id) {
      auto c = repo_.certification(sql, certification_id);
      if (!c || c->status != "published") refuse("certification.errors.prepared", "certification");
      auto v = repo_.version(sql, certification_id, c->current_version);
      std::vector<long long> competences;
      for (const auto& b : repo_.tree(sql, v->id))
        for (const auto& k : b.competences) competences.push_back(k.id);
      auto modules = repo_.module_ids(sql, programme_id);
      for (const auto& [module, competence] : links) {
        bool known_module = std::find(modules.begin(), modules.end(), module) != modules.end();
        bool known_competence = std::find(competences.begin(), competences.end(), competence) != competences.end();
        if (!known_module || !known_competence) refuse("certification.errors.link", "links");
        if (std::find(kept.begin(), kept.end(), std::pair{module, competence}) == kept.end())
          kept.emplace_back(module, competence);
      }
    }
    repo_.set_preparation(sql, programme_id, certification_id, kept, store::now_seconds());
    audit_.record(sql, actor, "certification.preparation", "programme:" + std::to_string(programme_id),
                  "certification " + std::to_string(certification_id) + ", " + std::to_string(kept.size()) + " liens");
    return Outcome::success(programme_id);
  });
}

}  // namespace trame::referential
