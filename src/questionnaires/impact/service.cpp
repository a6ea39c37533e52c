#include "questionnaires/impact/service.hpp"
#include "questionnaires/impact/demo.hpp"

#include <boost/json.hpp>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "questionnaires/answers/repository.hpp"
#include "questionnaires/answers/submit.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "questionnaires/definitions/definition.hpp"
#include "questionnaires/definitions/templates.hpp"
#include "questionnaires/results/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/crypto.hpp"

namespace trame::impact {

std::string invitation_attributes(long long relais, const std::string& delegation, const std::string& age_band) {
  boost::json::object out;
  out["organisation"] = std::to_string(relais);
  if (!delegation.empty()) out["delegation"] = delegation;
  out["age_band"] = age_band;
  return boost::json::serialize(out);
}

long long end_of_day(const std::string& d) {
  auto day = parse_date(d);
  return day ? next_day_start(*day) - 1 : 0;
}

std::string iso_week(long long t) {
  return format_local(t, "%G-W%V");
}

std::optional<Study> Service::find(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
}

std::vector<Study> Service::list(const ActingFor& managed, const std::vector<long long>& referent_of,
                                 const std::vector<long long>& member_of, long long page, long long per_page,
                                 long long& total) {
  return db_.read([&](soci::session& sql) {
    return repo_.list(sql, managed.all, managed.organisations, referent_of, member_of, (page - 1) * per_page, per_page,
                      total);
  });
}

std::vector<Choice> Service::relais_of(long long study_id) {
  return db_.read([&](soci::session& sql) { return repo_.relais_of(sql, study_id); });
}
std::vector<Choice> Service::relais_candidates(const std::string& q) {
  return db_.read([&](soci::session& sql) { return repo_.relais_candidates(sql, q, 30); });
}
std::vector<Choice> Service::organisations_by_id(const std::vector<long long>& ids) {
  return db_.read([&](soci::session& sql) { return repo_.organisations_by_id(sql, ids); });
}
std::vector<Choice> Service::network_candidates() {
  return db_.read([&](soci::session& sql) { return repo_.network_candidates(sql); });
}
std::vector<Choice> Service::impact_questionnaires(const ActingFor& scope) {
  return db_.read([&](soci::session& sql) { return repo_.impact_questionnaires(sql, scope.organisations, scope.all); });
}
bool Service::has_template() {
  return db_.read([&](soci::session& sql) { return repo_.template_id(sql) > 0; });
}
std::optional<QuestionnaireInfo> Service::questionnaire(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.questionnaire(sql, id); });
}

namespace {
// Checks of the fields a manager types (the database is not needed for them).
Outcome check_input(StudyInput& in) {
  in.title = trim(in.title);
  in.description = trim(in.description);
  in.starts_on = trim(in.starts_on);
  in.ends_on = trim(in.ends_on);
  if (!in.organisation_id) return Outcome::failure("impact.errors.organisation", "organisation");
  if (in.title.empty() || in.title.size() > 200) return Outcome::failure("impact.errors.title", "title");
  if (in.description.size() > 20000) return Outcome::failure("impact.errors.description", "description");
  if (in.questionnaire.empty()) return Outcome::failure("impact.errors.questionnaire", "questionnaire");
  if (!parse_date(in.starts_on)) return Outcome::failure("impact.errors.starts_on", "starts_on");
  if (!parse_date(in.ends_on)) return Outcome::failure("impact.errors.ends_on", "ends_on");
  if (in.ends_on < in.starts_on) return Outcome::failure("impact.errors.period", "ends_on");
  std::sort(in.relais.begin(), in.relais.end());
  in.relais.erase(std::unique(in.relais.begin(), in.relais.end()), in.relais.end());
  in.relais.erase(std::remove(in.relais.begin(), in.relais.end(), 0LL), in.relais.end());
  if (in.relais.empty()) return Outcome::failure("impact.errors.no_relais", "relais");
  if (in.relais.size() > 200) return Outcome::failure("impact.errors.relais", "relais");
  return Outcome::success();
}
}  // namespace

Outcome Service::create(const Actor& actor, const ActingFor& scope, StudyInput in) {
  if (!in.organisation_id || !scope.covers(in.organisation_id))
    return Outcome::failure("impact.errors.organisation", "organisation");
  if (auto checked = check_input(in); !checked.ok) return checked;
  return db_.write([&](soci::session& sql) -> Outcome {
    if (!repo_.organisation_name(sql, in.organisation_id))
      return Outcome::failure("impact.errors.organisation", "organisation");
    for (long long r : in.relais)
      if (!repo_.is_candidate(sql, r)) return Outcome::failure("impact.errors.relais", "relais");
    long long now = store::now_seconds();
    long long questionnaire_id = 0;
    if (in.questionnaire == "modele") {
      long long tpl = repo_.template_id(sql);
      if (!tpl) return Outcome::failure("impact.errors.no_template", "questionnaire");
      questionnaire_id = repo_.copy_questionnaire(sql, tpl, in.organisation_id, actor.id, now);
      if (!questionnaire_id) return Outcome::failure("impact.errors.no_template", "questionnaire");
      audit_.record(sql, actor, "impact.questionnaire_copied", "questionnaire:" + std::to_string(questionnaire_id),
                    "modèle " + std::to_string(tpl));
    } else {
      long long qid = 0;
      if (in.questionnaire.size() < 19 && in.questionnaire.find_first_not_of("0123456789") == std::string::npos)
        qid = std::stoll(in.questionnaire);
      auto q = qid ? repo_.questionnaire(sql, qid) : std::nullopt;
      if (!q || q->is_template || q->status == "archived")
        return Outcome::failure("impact.errors.questionnaire", "questionnaire");
      if (q->organisation_id != in.organisation_id)
        return Outcome::failure("impact.errors.questionnaire_other", "questionnaire");
      if (q->kind != "impact") return Outcome::failure("impact.errors.questionnaire_kind", "questionnaire");
      questionnaire_id = q->id;
    }
    long long id = repo_.insert(sql, in, questionnaire_id, actor.id, now);
    for (long long r : in.relais) repo_.add_relais(sql, id, r);
    audit_.record(
        sql, actor, "impact.created", "impact_study:" + std::to_string(id),
        in.title + " (" + in.starts_on + " → " + in.ends_on + ", " + std::to_string(in.relais.size()) + " relais)");
    return Outcome::success(id);
  });
}

Outcome Service::update(const Actor& actor, const ActingFor& scope, long long id, StudyInput in) {
  return db_.write([&](soci::session& sql) -> Outcome {
    auto s = repo_.find(sql, id);
    if (!s || !scope.covers(s->organisation_id)) return Outcome::not_found();
    if (s->status != "draft" && s->status != "open") return Outcome::failure("impact.more.not_editable");
    in.organisation_id = s->organisation_id;
    if (s->status != "draft") in.questionnaire = std::to_string(s->questionnaire_id);
    if (auto checked = check_input(in); !checked.ok) return checked;
    long long now = store::now_seconds();
    if (s->status == "open" && in.ends_on < local_day(now))
      return Outcome::failure("impact.errors.period_over", "ends_on");
    std::vector<long long> current;
    for (const auto& r : repo_.relais_of(sql, id)) current.push_back(r.id);
    for (long long r : in.relais)
      if (std::find(current.begin(), current.end(), r) == current.end() && !repo_.is_candidate(sql, r))
        return Outcome::failure("impact.errors.relais", "relais");
    // A relais where answers were started stays in the study.
    for (const auto& p : repo_.progress(sql, id, s->campaign_id))
      if (p.started > 0 && std::find(in.relais.begin(), in.relais.end(), p.organisation_id) == in.relais.end())
        return Outcome::failure("impact.more.relais_started", "relais");
    long long questionnaire_id = s->questionnaire_id;
    if (s->status == "draft" && in.questionnaire != std::to_string(s->questionnaire_id)) {
      if (in.questionnaire == "modele") {
        long long tpl = repo_.template_id(sql);
        if (!tpl) return Outcome::failure("impact.errors.no_template", "questionnaire");
        questionnaire_id = repo_.copy_questionnaire(sql, tpl, in.organisation_id, actor.id, now);
      } else {
        long long qid = 0;
        if (in.questionnaire.size() < 19 && in.questionnaire.find_first_not_of("0123456789") == std::string::npos)
          qid = std::stoll(in.questionnaire);
        auto q = qid ? repo_.questionnaire(sql, qid) : std::nullopt;
        if (!q || q->is_template || q->status == "archived")
          return Outcome::failure("impact.errors.questionnaire", "questionnaire");
        if (q->organisation_id != in.organisation_id)
          return Outcome::failure("impact.errors.questionnaire_other", "questionnaire");
        if (q->kind != "impact") return Outcome::failure("impact.errors.questionnaire_kind", "questionnaire");
        questionnaire_id = q->id;
      }
    }
    repo_.update(sql, id, in, questionnaire_id, now);
    for (long long r : current)
      if (std::find(in.relais.begin(), in.relais.end(), r) == in.relais.end()) repo_.remove_relais(sql, id, r);
    for (long long r : in.relais)
      if (std::find(current.begin(), current.end(), r) == current.end()) repo_.add_relais(sql, id, r);
    if (s->status == "open" && s->campaign_id)
      repo_.set_campaign(sql, s->campaign_id, "open", end_of_day(in.ends_on), now);
    audit_.record(
        sql, actor, "impact.more.updated", "impact_study:" + std::to_string(id),
        in.title + " (" + in.starts_on + " → " + in.ends_on + ", " + std::to_string(in.relais.size()) + " relais)");
    return Outcome::success(id);
  });
}

Outcome Service::open(const Actor& actor, const ActingFor& scope, long long id) {
  return db_.write([&](soci::session& sql) -> Outcome {
    auto s = repo_.find(sql, id);
    if (!s || !scope.covers(s->organisation_id)) return Outcome::not_found();
    if (s->status != "draft" && s->status != "closed") return Outcome::failure("impact.errors.status");
    long long now = store::now_seconds();
    if (s->ends_on < local_day(now)) return Outcome::failure("impact.errors.period_over");
    if (!repo_.set_status(sql, id, s->status, "open", now)) return Outcome::failure("impact.errors.status");
    long long closes = end_of_day(s->ends_on);
    long long campaign = repo_.campaign_of(sql, id);
    if (campaign) repo_.set_campaign(sql, campaign, "open", closes, now);
    else campaign = repo_.insert_campaign(sql, *s, closes, actor.id, now);
    audit_.record(sql, actor, "impact.opened", "impact_study:" + std::to_string(id),
                  "envoi " + std::to_string(campaign));
    return Outcome::success(id);
  });
}

Outcome Service::close(const Actor& actor, const ActingFor& scope, long long id) {
  return db_.write([&](soci::session& sql) -> Outcome {
    auto s = repo_.find(sql, id);
    if (!s || !scope.covers(s->organisation_id)) return Outcome::not_found();
    long long now = store::now_seconds();
    if (s->status != "open" || !repo_.set_status(sql, id, "open", "closed", now))
      return Outcome::failure("impact.errors.status");
    if (s->campaign_id) repo_.set_campaign(sql, s->campaign_id, "closed", end_of_day(s->ends_on), now);
    audit_.record(sql, actor, "impact.closed", "impact_study:" + std::to_string(id), s->title);
    return Outcome::success(id);
  });
}

Outcome Service::publish(const Actor& actor, const ActingFor& scope, long long id) {
  return db_.write([&](soci::session& sql) -> Outcome {
    auto s = repo_.find(sql, id);
    if (!s || !scope.covers(s->organisation_id)) return Outcome::not_found();
    long long now = store::now_seconds();
    if ((s->status != "open" && s->status != "closed") || !repo_.set_status(sql, id, s->status, "published", now))
      return Outcome::failure("impact.errors.status");
    if (s->campaign_id) repo_.set_campaign(sql, s->campaign_id, "closed", end_of_day(s->ends_on), now);
    audit_.record(sql, actor, "impact.published", "impact_study:" + std::to_string(id), s->title);
    return Outcome::success(id);
  });
}

Outcome Service::save_restitution(const Actor& actor, const ActingFor& scope, long long id,
                                  const std::string& text_in) {
  std::string text = trim(text_in);
  return db_.write([&](soci::session& sql) -> Outcome {
    auto s = repo_.find(sql, id);
    if (!s || !scope.covers(s->organisation_id)) return Outcome::not_found();
    if (text.size() > 50000) return Outcome::failure("impact.errors.restitution", "restitution");
    if (text.empty() && s->status == "published")
      return Outcome::failure("impact.errors.restitution_empty", "restitution");
    repo_.set_restitution(sql, id, text, store::now_seconds());
    audit_.record(sql, actor, "impact.restitution", "impact_study:" + std::to_string(id),
                  std::to_string(text.size()) + " caractères");
    return Outcome::success(id);
  });
}

AnswerStart Service::start_answer(const Actor& actor, const std::vector<long long>& referent_of, long long study_id,
                                  long long beneficiary_id) {
  AnswerStart out;
  if (!beneficiary_id) {
    out.outcome = Outcome::failure("impact.errors.beneficiary", "beneficiary");
    return out;
  }
  std::string token = web::random_token(24);
  std::string hash = web::sha256_hex(token);
  try {
    out.outcome = db_.write([&](soci::session& sql) -> Outcome {
      auto s = repo_.find(sql, study_id);
      if (!s) return Outcome::not_found();
      long long now = store::now_seconds();
      std::string today = local_day(now);
      if (s->status != "open" || !s->campaign_id) return Outcome::failure("impact.errors.not_open");
      if (today < s->starts_on) return Outcome::failure("impact.errors.not_started");
      if (today > s->ends_on) return Outcome::failure("impact.errors.period_over");
      auto b = repo_.beneficiary(sql, beneficiary_id);
      if (!b || b->status != "active" ||
          std::find(referent_of.begin(), referent_of.end(), b->organisation_id) == referent_of.end() ||
          !repo_.in_study(sql, study_id, b->organisation_id))
        return Outcome::failure("impact.errors.beneficiary", "beneficiary");
      long long expires = end_of_day(s->ends_on);
      if (auto existing = repo_.invitation_for(sql, s->campaign_id, b->code)) {
        if (existing->answered || !repo_.renew_token(sql, existing->id, hash, expires))
          return Outcome::failure("impact.errors.already", "beneficiary");
        out.resumed = true;
        return Outcome::success(existing->id);
      }
      std::string attributes =
          invitation_attributes(b->organisation_id, repo_.delegation_of(sql, b->organisation_id), b->age_band);
      long long id = repo_.insert_invitation(sql, s->campaign_id, hash, b->code, attributes, expires, now);
      // Who started an answer for whom stays out of the log: only the study and the relais.
      audit_.record(sql, actor, "impact.answer_started", "impact_study:" + std::to_string(study_id),
                    "relais " + std::to_string(b->organisation_id));
      return Outcome::success(id);
    });
  } catch (const std::exception& ex) {
    // Two submits raced for the same beneficiary: the unique index kept one invitation. Anything
    // else is a real failure, logged and passed on (the request ends in a 500).
    if (!store::is_unique_violation(ex)) {
      spdlog::error("impact : début de réponse impossible (étude {}) : {}", study_id, ex.what());
      throw;
    }
    out.outcome = Outcome::failure("impact.errors.already", "beneficiary");
  }
  if (out.outcome.ok) out.token = token;
  return out;
}

std::vector<BeneficiaryChoice> Service::beneficiaries_for(const std::vector<long long>& orgs, long long campaign_id) {
  return db_.read([&](soci::session& sql) { return repo_.beneficiaries_for(sql, orgs, campaign_id); });
}

std::vector<RelaisProgress> Service::progress(const Study& s) {
  return db_.read([&](soci::session& sql) { return repo_.progress(sql, s.id, s.campaign_id); });
}
long long Service::responses(const Study& s) {
  if (!s.campaign_id) return 0;
  return db_.read([&](soci::session& sql) { return repo_.responses(sql, s.campaign_id); });
}
std::vector<Figure> Service::figures(const Study& s) {
  if (!s.campaign_id) return {};
  return db_.read([&](soci::session& sql) { return repo_.figures(sql, s.questionnaire_id, s.campaign_id); });
}

results::Report Service::report(const Study& s, const std::string& cross_by) {
  results::Filter f;
  f.questionnaire_id = s.questionnaire_id;
  f.study_id = s.id;
  f.cross_by = cross_by;
  return db_.read([&](soci::session& sql) { return results::build_report(sql, f); });
}

long long Service::run_due(long long now) {
  // Open studies whose period is over close (their campaign too), each by a conditional UPDATE.
  std::string today = local_day(now);
  std::vector<long long> due = db_.read([&](soci::session& sql) { return repo_.open_ended_before(sql, today); });
  long long done = 0;
  for (long long id : due) {
    bool ok = db_.write([&](soci::session& sql) {
      if (!repo_.set_status(sql, id, "open", "closed", now)) return false;
      long long c = repo_.campaign_of(sql, id);
      if (c) {
        auto s = repo_.find(sql, id);
        repo_.set_campaign(sql, c, "closed", s ? end_of_day(s->ends_on) : now, now);
      }
      audit_.record(sql, Actor{0, "système", ""}, "impact.closed", "impact_study:" + std::to_string(id),
                    "fin de période");
      return true;
    });
    if (ok) ++done;
  }
  return done;
}

// --------------------------------------------------------------------------------------------- demo

namespace {

// Plausible answers of the demo, varied by the respondent's rank i.
answers::Values demo_values(const definitions::Definition& d, std::size_t i, const std::string& age_band) {
  static const char* quotes[] = {
      "J'ai découvert un lieu où je n'osais pas entrer.",    "On a ri ensemble, ça fait du bien de sortir.",
      "Je ne pensais pas que le théâtre était pour moi.",    "Les enfants en parlent encore à la maison.",
      "J'ai envie d'y retourner, cette fois avec une amie.", "Sortir du quartier, ça change la semaine."};
  answers::Values v;
  std::size_t qi = 0;
  for (const auto& section : d.questions)
    for (const auto& q : section) {
      ++qi;
      const std::size_t k = i + qi;
      if (q.kind == "single" && !q.options.empty()) {
        std::string choice = q.options[k % q.options.size()];
        auto has = [&](const std::string& o) {
          return std::find(q.options.begin(), q.options.end(), o) != q.options.end();
        };
        if (has("18 à 25 ans")) {
          if (age_band == "18-25") choice = "18 à 25 ans";
          else if (age_band == "60+") choice = "Plus de 60 ans";
          else if (age_band == "26-59") choice = i % 2 ? "26 à 40 ans" : "41 à 60 ans";
          else choice = "Moins de 18 ans";
          if (!has(choice)) choice = q.options.front();
        } else if (q.options.size() >= 3) {
          choice = q.options[(k * 7) % 3 + (q.options.size() > 3 ? 1 : 0)];
        }
        v[q.id] = {choice};
      } else if (q.kind == "multiple" && !q.options.empty()) {
        std::vector<std::string> picked{q.options[k % q.options.size()]};
        if (q.options.size() > 1 && i % 3 != 2) picked.push_back(q.options[(k + 2) % q.options.size()]);
        if (picked.size() > 1 && picked[0] == picked[1]) picked.pop_back();
        if (q.options.size() > 4 && i % 4 == 0) picked.push_back(q.options[4]);
        std::sort(picked.begin(), picked.end());
        picked.erase(std::unique(picked.begin(), picked.end()), picked.end());
        v[q.id] = picked;
      } else if (q.kind == "scale") {
        static const char* scale[] = {"4", "3", "5", "4", "2", "4", "5", "3"};
        v[q.id] = {scale[i % 8]};
      } else if (q.kind == "nps") {
        static const char* nps[] = {"9", "10", "8", "7", "10", "9", "6", "10", "8"};
        v[q.id] = {nps[i % 9]};
      } else if (q.kind == "yesno") {
        v[q.id] = {i % 4 == 3 ? "non" : "oui"};
      } else if (q.kind == "short" || q.kind == "long") {
        if (q.required || i % 2 == 0) v[q.id] = {quotes[i % 6]};
      } else if (q.kind == "number") {
        v[q.id] = {std::to_string(1 + i % 3)};
      } else if (q.kind == "date") {
        if (q.required) v[q.id] = {"2026-06-15"};
      } else if (q.kind == "matrix") {
        std::vector<std::string> items;
        for (std::size_t j = 0; j < q.items.size(); ++j) items.push_back(std::to_string(3 + (i + j) % 3));
        v[q.id] = items;
      }
    }
  return v;
}

}  // namespace

void Service::load_demo(const Actor& actor) {
  // Made the way a network makes one (a study from the library's template, opened, answered by the
  // relais's referents for the people they follow, its restitution written, published): only the
  // services' own steps, so that the demo holds nothing the product would not make. The relais, their
  // referents and the people they follow come from load_demo_people (impact/demo.cpp).
  const std::string title = "Étude d'impact sur les publics";
  const std::string network_name = "Département de Loire-Atlantique";
  struct Relais {
    long long organisation_id = 0;
    Actor referent;
    std::size_t answers = 0;
  };
  long long network = 0;
  bool existing = false;
  std::vector<Relais> relais;
  db_.read([&](soci::session& sql) {
    network = repo_.organisation_by_name(sql, network_name);
    if (!network) return;
    existing = repo_.has_study_titled(sql, network, title);
    for (const auto& r : demo_relais()) {
      Relais x;
      x.organisation_id = repo_.organisation_by_name(sql, r.name);
      if (!x.organisation_id) continue;
      x.referent = repo_.first_referent(sql, x.organisation_id);
      x.answers = r.answers;
      if (x.referent.id) relais.push_back(x);
    }
  });
  if (!network || existing || relais.empty() || !has_template()) return;
  const ActingFor everywhere = ActingFor::everywhere();
  const long long now = store::now_seconds();
  StudyInput in;
  in.organisation_id = network;
  in.title = title;
  in.description =
      "Comment les sorties proposées par le réseau de billetterie solidaire changent-elles le quotidien des "
      "personnes accompagnées ? Les référents des relais remplissent le questionnaire **avec ou pour** chaque "
      "personne, désignée par son code : jamais de nom.";
  in.questionnaire = "modele";
  in.starts_on = local_day(now - 150LL * 86400);
  in.ends_on = local_day(now);
  for (const auto& r : relais) in.relais.push_back(r.organisation_id);
  auto fail = [](const std::string& step, const Outcome& o) {
    throw std::runtime_error("impact demo: " + step + ": " + o.error + " " + o.field);
  };
  Outcome created = create(actor, everywhere, in);
  if (!created.ok) fail("create", created);
  const long long study = created.id;
  if (auto o = open(actor, everywhere, study); !o.ok) fail("open", o);
  auto s = find(study);
  auto def =
      s ? db_.read([&](soci::session& sql) { return definitions::load_definition(sql, s->questionnaire_id, false); })
        : std::nullopt;
  if (!s || !def) throw std::runtime_error("impact demo: study " + std::to_string(study) + " not readable");
  std::size_t rank = 0;
  for (const auto& r : relais) {
    std::size_t answered = 0;
    for (const auto& b : beneficiaries_for({r.organisation_id}, s->campaign_id)) {
      if (answered == r.answers) break;
      if (b.answered) continue;
      // The referent starts the answer for the person, then sends it as the answering pages do.
      auto started = start_answer(r.referent, {r.organisation_id}, study, b.id);
      if (!started.outcome.ok) fail("answer", started.outcome);
      Outcome sent = db_.write([&](soci::session& sql) {
        auto inv = answers::Repository().invitation_by_hash(sql, web::sha256_hex(started.token));
        if (!inv) return Outcome::not_found();
        return answers::submit_values(sql, inv->id, demo_values(*def, rank, b.age_band), now);
      });
      if (!sent.ok) fail("submit", sent);
      ++answered;
      ++rank;
    }
  }
  Outcome written = save_restitution(
      actor, everywhere, study,
      "Pendant cinq mois, les référents de trois relais ont rempli le questionnaire avec ou pour les personnes "
      "qu'ils accompagnent, toujours sous un code.\n\n"
      "- **Les sorties font du bien** : le plaisir et la détente arrivent en tête de ce que la sortie a changé.\n"
      "- **L'envie de ressortir** est citée très souvent : la première sortie ouvre la porte aux suivantes.\n"
      "- **La confiance pour sortir seul·e** progresse, mais l'accompagnement reste important pour beaucoup.\n\n"
      "Prochaine étape : partager ces résultats lors du prochain café découverte des référents et avec les lieux "
      "partenaires.");
  if (!written.ok) fail("restitution", written);
  if (auto o = publish(actor, everywhere, study); !o.ok) fail("publish", o);
}

}  // namespace trame::impact
