#include "cooperation/decisions/service.hpp"

#include <algorithm>
#include <set>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/web/crypto.hpp"

namespace trame::decisions {

namespace {

constexpr int kPerPage = 20;
constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxDetails = 10000;
constexpr std::size_t kMaxOptions = 20;
constexpr std::size_t kMaxLabel = 200;
constexpr std::size_t kMaxStatement = 5000;
constexpr long long kMaxAhead = 5 * 366LL * 24 * 3600;  // a closing date within five years
const Actor kSystem{0, "système", ""};

std::string subject(long long id) {
  return "cooperation_decision:" + std::to_string(id);
}

// The key of a voter's ballot. Named votes: the user's id. Anonymous votes: a keyed hash of the user's
// id with the decision's salt, so that the ballots table holds no user id; the salt is erased at
// closing, and the keys replaced, so that nothing links a ballot to a person afterwards.
std::string voter_key(const Decision& d, const std::string& salt, long long user_id) {
  if (!d.anonymous) return "u" + std::to_string(user_id);
  return "h" + web::hmac_sha256_hex(salt, std::to_string(d.id) + ":" + std::to_string(user_id));
}

rules::Quorum quorum_of(const Decision& d) {
  return rules::Quorum{d.quorum_kind, d.quorum_value};
}

std::vector<rules::Ballot> to_rules(const std::vector<Ballot>& ballots) {
  std::vector<rules::Ballot> out;
  for (const auto& b : ballots) {
    rules::Ballot r;
    r.voter = "b" + std::to_string(b.id);
    r.stance = b.stance;
    r.reason = b.reason;
    r.harm = b.harm;
    r.resolved = b.resolved_at != 0;
    r.values = b.values;
    out.push_back(r);
  }
  return out;
}

std::string option_label(const std::vector<Option>& options, long long id) {
  for (const auto& o : options)
    if (o.id == id) return o.label;
  return {};
}

bool same_project(const std::optional<Decision>& d, long long project_id) {
  return d && d->project_id == project_id;
}

// Whether this person writes the outcome (and closes): a facilitator; for advice, the proposer
// (an administrator too, should the proposer have left the project).
bool decides(const projects::Access& a, const Decision& d, const Type& t, long long me) {
  if (!a.facilitates()) return false;
  if (t.rule == "advice") return me == d.opened_by || a.admin;
  return true;
}

}  // namespace

rules::Params params_of(const Decision& d, const Type& t, const std::vector<Option>& options) {
  rules::Params p;
  p.rule = t.rule;
  p.positions = t.uses_options ? std::vector<std::string>{} : t.positions;
  for (const auto& o : options) p.options.push_back(o.id);
  p.allowance = d.allowance;
  p.rank_count = d.rank_count;
  p.max_score = t.rule == "score" ? (t.max_value > 0 ? t.max_value : 5) : 0;
  p.reasons = d.reasons;
  return p;
}

// ---------------------------------------------------------------- contract

std::vector<Summary> Service::summaries_in(soci::session& sql, long long project_id) const {
  std::vector<Summary> out;
  for (const auto& d : repo_.of_project(sql, project_id)) {
    Summary s;
    s.id = d.id;
    s.project_id = d.project_id;
    s.meeting_id = d.meeting_id;
    s.title = d.title;
    s.type = d.type;
    s.status = d.status;
    s.outcome_statement = d.outcome_statement;
    if (d.outcome_option_id) s.outcome_option = option_label(repo_.options(sql, d.id), d.outcome_option_id);
    s.outcome_verdict = d.outcome_verdict;
    s.decided_by = d.decided_by_name;
    s.decided_by_id = d.decided_by;
    s.closes_at = d.closes_at;
    s.closed_at = d.closed_at;
    s.review_on = d.review_on;
    out.push_back(s);
  }
  return out;
}

std::vector<Summary> Service::summaries(long long project_id) {
  return db_.read([&](soci::session& sql) { return summaries_in(sql, project_id); });
}

std::optional<Summary> Service::summary(long long project_id, long long decision_id) {
  for (auto& s : summaries(project_id))
    if (s.id == decision_id) return s;
  return std::nullopt;
}

// ---------------------------------------------------------------- pages

std::vector<Type> Service::types() {
  return db_.read([&](soci::session& sql) { return repo_.types(sql); });
}

std::optional<Type> Service::type(const std::string& code) {
  return db_.read([&](soci::session& sql) { return repo_.type(sql, code); });
}

std::vector<std::pair<long long, std::string>> Service::meetings(long long project_id) {
  return db_.read([&](soci::session& sql) { return repo_.meetings(sql, project_id); });
}

std::optional<DecisionPage> Service::list(const Principal& me, long long project_id, const std::string& status,
                                          int page) {
  auto access = projects_.access(me, project_id);
  if (!access || !access->reads()) return std::nullopt;
  bool closed = status == "closed";
  return db_.read([&](soci::session& sql) {
    DecisionPage out;
    out.access = *access;
    out.total = repo_.count(sql, project_id, closed);
    out.pages = std::max<int>(1, static_cast<int>((out.total + kPerPage - 1) / kPerPage));
    out.page = std::clamp(page, 1, out.pages);
    out.items = repo_.page(sql, project_id, closed, static_cast<long long>(out.page - 1) * kPerPage, kPerPage);
    return out;
  });
}

std::optional<DecisionView> Service::view(const Principal& me, long long project_id, long long decision_id) {
  auto access = projects_.access(me, project_id);
  if (!access || !access->reads()) return std::nullopt;
  auto v = db_.read([&](soci::session& sql) -> std::optional<DecisionView> {
    auto d = repo_.decision(sql, decision_id);
    if (!same_project(d, project_id)) return std::nullopt;
    auto t = repo_.type(sql, d->type);
    if (!t) return std::nullopt;
    DecisionView v;
    v.access = *access;
    v.decision = *d;
    v.type = *t;
    v.options = repo_.options(sql, d->id);
    long long now = store::now_seconds();
    if (access->contributes() && d->open())
      v.mine = repo_.ballot_of(sql, d->id, voter_key(*d, repo_.salt(sql, d->id), me.id));
    v.may_vote = access->contributes() && d->open() && now < d->closes_at;
    v.may_close = (d->open() || d->awaiting_outcome()) && decides(*access, *d, *t, me.id);
    v.may_cancel = d->open() && access->facilitates();
    // Whoever decides sees the votes before deciding (the proposer of an advice reads the advice).
    v.show_results = d->status != "open" || v.mine.has_value() || v.may_close;
    auto ballots = repo_.ballots(sql, d->id);
    v.tally =
        rules::tally(params_of(*d, *t, v.options), to_rules(ballots), repo_.eligible(sql, project_id), quorum_of(*d));
    if (v.show_results) {
      if (d->anonymous) {
        // No name, and no order that would follow the order of voting.
        for (auto& b : ballots) {
          b.user_id = 0;
          b.voter_name.clear();
          b.updated_at = 0;
        }
        std::sort(ballots.begin(), ballots.end(), [](const Ballot& a, const Ballot& b) {
          return std::tie(a.stance, a.harm, a.reason) < std::tie(b.stance, b.harm, b.reason);
        });
        // Only an objection keeps its id (a facilitator marks it resolved by it).
        for (auto& b : ballots)
          if (b.stance != "object") b.id = 0;
      }
      v.ballots = ballots;
    }
    if (d->meeting_id)
      for (const auto& [id, title] : repo_.meetings(sql, project_id))
        if (id == d->meeting_id) v.meeting_title = title;
    if (d->outcome_option_id) v.chosen_option = option_label(v.options, d->outcome_option_id);
    return v;
  });
  if (v) v->actions = actions_.of_decision(project_id, decision_id);
  return v;
}

// ---------------------------------------------------------------- facilitators

Outcome Service::open(const Actor& actor, const Principal& me, long long project_id, const DecisionForm& form) {
  return db_.attempt([&](soci::session& sql) {
    auto access = projects_.access(sql, me, project_id);
    if (!access || !access->reads()) roll_back(Outcome::not_found());
    if (!access->facilitates()) roll_back(Outcome::forbidden("decisions.errors.facilitators_only"));
    auto t = repo_.type(sql, trim(form.type));
    if (!t) refuse("decisions.errors.type", "type");
    long long now = store::now_seconds();
    Decision d;
    d.project_id = project_id;
    d.type = t->code;
    d.title = trim(form.title);
    if (d.title.empty()) refuse("decisions.errors.title_required", "title");
    if (code_points(d.title) > kMaxTitle) refuse("decisions.errors.title_long", "title");
    d.details = trim(form.details);
    if (code_points(d.details) > kMaxDetails) refuse("decisions.errors.details_long", "details");
    d.reasons = form.reasons.empty() ? t->default_reasons : form.reasons;
    if (!is_one_of(d.reasons, reason_modes())) refuse("decisions.errors.reasons", "reasons");
    d.closes_at = parse_local(trim(form.closes_at));
    if (d.closes_at < 0) refuse("decisions.errors.closes_at", "closes_at");
    if (d.closes_at <= now) refuse("decisions.errors.closes_past", "closes_at");
    if (d.closes_at > now + kMaxAhead) refuse("decisions.errors.closes_far", "closes_at");
    d.quorum_kind = form.quorum_kind.empty() ? "none" : form.quorum_kind;
    if (!is_one_of(d.quorum_kind, quorum_kinds())) refuse("decisions.errors.quorum_kind", "quorum_kind");
    d.quorum_value = d.quorum_kind == "none" ? 0 : form.quorum_value;
    if (d.quorum_kind == "share" && (d.quorum_value < 1 || d.quorum_value > 100))
      refuse("decisions.errors.quorum_share", "quorum_value");
    if (d.quorum_kind == "count" && (d.quorum_value < 1 || d.quorum_value > 1000))
      refuse("decisions.errors.quorum_count", "quorum_value");
    d.anonymous = form.anonymous;
    // Options, or slots.
    std::vector<Option> options;
    if (t->uses_options) {
      std::set<std::string> labels;
      std::set<long long> times;
      for (const auto& raw : form.options) {
        std::string label = trim(raw);
        if (label.empty()) continue;
        Option o;
        if (t->rule == "time_poll") {
          o.starts_at = parse_local(label);
          if (o.starts_at < 0) refuse("decisions.errors.slot_invalid", "options");
          if (o.starts_at <= now) refuse("decisions.errors.slot_past", "options");
          if (!times.insert(o.starts_at).second) refuse("decisions.errors.options_duplicate", "options");
          o.label = format_local(o.starts_at, "%d/%m/%Y %H:%M");
        } else {
          if (code_points(label) > kMaxLabel) refuse("decisions.errors.option_long", "options");
          if (!labels.insert(fold_for_search(label)).second) refuse("decisions.errors.options_duplicate", "options");
          o.label = label;
        }
        options.push_back(o);
      }
      if (options.size() > kMaxOptions) refuse("decisions.errors.options_many", "options");
      if (static_cast<long long>(options.size()) < std::max<long long>(1, t->min_options))
        refuse("decisions.errors.options_few", "options");
      if (t->rule == "time_poll")
        std::stable_sort(options.begin(), options.end(),
                         [](const Option& a, const Option& b) { return a.starts_at < b.starts_at; });
    }
    if (t->rule == "dot_vote") {
      d.allowance = form.allowance ? form.allowance : t->max_value;
      if (d.allowance < 1 || d.allowance > 1000) refuse("decisions.errors.allowance", "allowance");
    }
    if (t->rule == "ranked_choice") {
      d.rank_count = form.rank_count ? form.rank_count : std::min<long long>(3, options.size());
      if (d.rank_count < 1 || d.rank_count > static_cast<long long>(options.size()))
        refuse("decisions.errors.rank_count", "rank_count");
    }
    if (form.meeting_id) {
      bool found = false;
      for (const auto& [id, title] : repo_.meetings(sql, project_id)) found = found || id == form.meeting_id;
      if (!found) refuse("decisions.errors.meeting", "meeting_id");
      d.meeting_id = form.meeting_id;
    }
    d.opened_by = me.id;
    d.created_at = now;
    long long id = repo_.insert(sql, d, d.anonymous ? web::random_token(32) : std::string());
    long long position = 0;
    for (auto& o : options) {
      o.decision_id = id;
      o.position = ++position;
      repo_.insert_option(sql, o);
    }
    audit_.record(sql, actor, "decisions.open", subject(id), d.type + " — " + d.title);
    return Outcome::success(id);
  });
}

Outcome Service::close(const Actor& actor, const Principal& me, long long project_id, long long decision_id,
                       const OutcomeForm& form) {
  return db_.attempt([&](soci::session& sql) {
    auto access = projects_.access(sql, me, project_id);
    if (!access || !access->reads()) roll_back(Outcome::not_found());
    auto d = repo_.decision(sql, decision_id);
    if (!same_project(d, project_id)) roll_back(Outcome::not_found());
    auto t = repo_.type(sql, d->type);
    if (!access->facilitates()) roll_back(Outcome::forbidden("decisions.errors.facilitators_only"));
    if (!decides(*access, *d, *t, me.id)) roll_back(Outcome::forbidden("decisions.errors.proposer_only"));
    if (d->status == "cancelled") roll_back(Outcome::conflict("decisions.errors.cancelled"));
    if (d->decided_at) roll_back(Outcome::conflict("decisions.errors.already_decided"));
    long long now = store::now_seconds();
    d->outcome_statement = trim(form.statement);
    if (d->outcome_statement.empty()) refuse("decisions.errors.statement_required", "statement");
    if (code_points(d->outcome_statement) > kMaxStatement) refuse("decisions.errors.statement_long", "statement");
    if (t->uses_options) {
      auto options = repo_.options(sql, d->id);
      if (option_label(options, form.option_id).empty()) refuse("decisions.errors.option_required", "option_id");
      d->outcome_option_id = form.option_id;
      d->outcome_verdict.clear();
    } else {
      if (!is_one_of(form.verdict, verdicts())) refuse("decisions.errors.verdict_required", "verdict");
      d->outcome_verdict = form.verdict;
      d->outcome_option_id = 0;
    }
    std::string review = trim(form.review_on);
    if (!review.empty()) {
      auto day = parse_date(review);
      if (!day) refuse("decisions.errors.review_on", "review_on");
      review = iso_date(*day);
      if (review <= local_day(now)) refuse("decisions.errors.review_past", "review_on");
    }
    d->review_on = review;
    if (d->open() && !repo_.close(sql, d->id, me.id, now)) roll_back(Outcome::conflict("decisions.errors.closed"));
    d->decided_by = me.id;
    d->decided_at = now;
    repo_.set_outcome(sql, *d);
    audit_.record(sql, actor, "decisions.outcome", subject(d->id),
                  (d->outcome_verdict.empty() ? "option:" + std::to_string(d->outcome_option_id) : d->outcome_verdict) +
                      (review.empty() ? "" : " — revue le " + review));
    return Outcome::success(d->id);
  });
}

Outcome Service::cancel(const Actor& actor, const Principal& me, long long project_id, long long decision_id) {
  return db_.attempt([&](soci::session& sql) {
    auto access = projects_.access(sql, me, project_id);
    if (!access || !access->reads()) roll_back(Outcome::not_found());
    auto d = repo_.decision(sql, decision_id);
    if (!same_project(d, project_id)) roll_back(Outcome::not_found());
    if (!access->facilitates()) roll_back(Outcome::forbidden("decisions.errors.facilitators_only"));
    if (!repo_.cancel(sql, d->id, store::now_seconds())) roll_back(Outcome::conflict("decisions.errors.not_open"));
    audit_.record(sql, actor, "decisions.cancel", subject(d->id), d->title);
    return Outcome::success(d->id);
  });
}

Outcome Service::resolve_objection(const Actor& actor, const Principal& me, long long project_id, long long decision_id,
                                   long long ballot_id) {
  return db_.attempt([&](soci::session& sql) {
    auto access = projects_.access(sql, me, project_id);
    if (!access || !access->reads()) roll_back(Outcome::not_found());
    auto d = repo_.decision(sql, decision_id);
    if (!same_project(d, project_id)) roll_back(Outcome::not_found());
    if (!access->facilitates()) roll_back(Outcome::forbidden("decisions.errors.facilitators_only"));
    if (!repo_.hold_open(sql, d->id) || store::now_seconds() >= d->closes_at)
      roll_back(Outcome::conflict("decisions.errors.closed"));
    auto b = repo_.ballot(sql, ballot_id);
    if (!b || b->decision_id != d->id || b->stance != "object") refuse("decisions.errors.objection");
    if (!repo_.resolve(sql, ballot_id, store::now_seconds()))
      roll_back(Outcome::conflict("decisions.errors.already_resolved"));
    audit_.record(sql, actor, "decisions.objection_resolved", subject(d->id), "ballot:" + std::to_string(ballot_id));
    return Outcome::success(d->id);
  });
}

Outcome Service::start_action(const Actor& actor, const Principal& me, long long project_id, long long decision_id,
                              actions::ActionInput input) {
  auto access = projects_.access(me, project_id);
  if (!access || !access->reads()) return Outcome::not_found();
  auto d = db_.read([&](soci::session& sql) { return repo_.decision(sql, decision_id); });
  if (!same_project(d, project_id)) return Outcome::not_found();
  if (!access->contributes()) return Outcome::forbidden("decisions.errors.contributors_only");
  if (!d->decided_at) return Outcome::conflict("decisions.errors.not_decided");
  input.decision_id = decision_id;
  return actions_.create(actor, me, project_id, input);
}

// ---------------------------------------------------------------- members

Outcome Service::vote(const Actor& actor, const Principal& me, long long project_id, long long decision_id,
                      rules::Ballot ballot) {
  try {
    return db_.attempt([&](soci::session& sql) {
      auto access = projects_.access(sql, me, project_id);
      if (!access || !access->reads()) roll_back(Outcome::not_found());
      auto d = repo_.decision(sql, decision_id);
      if (!same_project(d, project_id)) roll_back(Outcome::not_found());
      if (!access->contributes()) roll_back(Outcome::forbidden("decisions.errors.contributors_only"));
      // Held until the end: a closing under way finishes first, and the vote then finds it closed.
      if (!repo_.hold_open(sql, d->id) || store::now_seconds() >= d->closes_at)
        roll_back(Outcome::conflict("decisions.errors.closed"));
      auto t = repo_.type(sql, d->type);
      auto options = repo_.options(sql, d->id);
      auto problem = rules::validate(params_of(*d, *t, options), ballot);
      if (!problem.ok()) refuse(problem.key, problem.field);
      Ballot b;
      b.user_id = d->anonymous ? 0 : me.id;
      b.stance = ballot.stance;
      b.reason = ballot.reason;
      b.harm = ballot.harm;
      b.values = ballot.values;
      std::string key = voter_key(*d, repo_.salt(sql, d->id), me.id);
      bool changed = repo_.ballot_of(sql, d->id, key).has_value();
      repo_.save_ballot(sql, d->id, key, b, store::now_seconds());
      // An anonymous ballot leaves no trace of who gave it when (the log's time and order would tell).
      if (!d->anonymous)
        audit_.record(sql, actor, changed ? "decisions.vote_changed" : "decisions.vote", subject(d->id));
      return Outcome::success(d->id);
    });
  } catch (const std::exception& ex) {
    // The same person voting twice at the same instant: the first ballot stands.
    if (store::is_unique_violation(ex)) return Outcome::conflict("decisions.errors.vote_again");
    throw;
  }
}

// ---------------------------------------------------------------- periodic work

long long Service::run_due(long long now) {
  long long done = 0;
  auto due = db_.read([&](soci::session& sql) { return repo_.due_to_close(sql, now); });
  for (long long id : due) {
    bool closed = db_.write([&](soci::session& sql) {
      auto d = repo_.decision(sql, id);
      if (!d || !repo_.close(sql, id, 0, now)) return false;
      audit_.record(sql, kSystem, "decisions.closed_at_date", subject(id), d->title);
      // The one who opened it writes (or has written) the outcome: told the vote is over.
      for (const auto& r : repo_.members(sql, d->project_id))
        if (r.user_id == d->opened_by)
          mail_.enqueue(sql, r.email, tr("decisions.mail.closed_subject", {{"title", d->title}}),
                        tr("decisions.mail.closed_body", {{"name", r.name}, {"title", d->title}, {"url", url_of(*d)}}));
      return true;
    });
    if (closed) ++done;
  }
  std::string today = local_day(now);
  auto reviews = db_.read([&](soci::session& sql) { return repo_.due_for_review(sql, today); });
  for (long long id : reviews) {
    bool sent = db_.write([&](soci::session& sql) {
      auto d = repo_.decision(sql, id);
      if (!d || !repo_.mark_reviewed(sql, id, now)) return false;
      for (const auto& r : repo_.members(sql, d->project_id))
        mail_.enqueue(sql, r.email, tr("decisions.mail.review_subject", {{"title", d->title}}),
                      tr("decisions.mail.review_body", {{"name", r.name},
                                                        {"title", d->title},
                                                        {"statement", d->outcome_statement},
                                                        {"day", short_french_date(d->review_on)},
                                                        {"url", url_of(*d)}}));
      audit_.record(sql, kSystem, "decisions.review_reminder", subject(id), d->review_on);
      return true;
    });
    if (sent) ++done;
  }
  return done;
}

std::string Service::tr(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

std::string Service::url_of(const Decision& d) const {
  return public_url_ + projects::url_of(d.project_id) + "/decisions/" + std::to_string(d.id);
}

}  // namespace trame::decisions
