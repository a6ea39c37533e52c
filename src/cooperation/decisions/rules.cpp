#include "cooperation/decisions/rules.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "platform/core/text.hpp"

namespace trame::decisions::rules {

namespace {

const std::vector<std::string>& rule_keys() {
  static const std::vector<std::string> list = {"proposal", "consent",       "advice",   "dot_vote",
                                                "score",    "ranked_choice", "time_poll"};
  return list;
}

std::string field_of(const char* prefix, long long option_id) {
  return std::string(prefix) + "_" + std::to_string(option_id);
}

const Value* value_of(const Ballot& b, long long option_id) {
  for (const auto& v : b.values)
    if (v.option_id == option_id) return &v;
  return nullptr;
}

bool has(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// Checks the reason against the decision's setting; `objecting` for the positions that need one
// when reasons = objections.
Problem check_reason(const Params& p, Ballot& b, bool objecting) {
  if (p.reasons == "never") {
    b.reason.clear();
    return {};
  }
  if (code_points(b.reason) > kMaxReason) return {"decisions.errors.reason_long", "reason"};
  if (b.reason.empty() && (p.reasons == "always" || (p.reasons == "objections" && objecting)))
    return {"decisions.errors.reason_required", "reason"};
  return {};
}

Problem validate_stance(const Params& p, Ballot& b) {
  b.values.clear();
  if (b.stance.empty() || !has(p.positions, b.stance)) return {"decisions.errors.stance", "stance"};
  if (p.rule == "consent") {
    if (b.stance == "object") {
      if (b.harm.empty()) return {"decisions.errors.harm_required", "harm"};
      if (code_points(b.harm) > kMaxReason) return {"decisions.errors.harm_long", "harm"};
    } else {
      b.harm.clear();
    }
  } else {
    b.harm.clear();
  }
  if (p.rule == "advice") {
    // The advice itself is the text: asked whatever the decision's setting.
    if (b.reason.empty()) return {"decisions.errors.advice_required", "reason"};
    if (code_points(b.reason) > kMaxReason) return {"decisions.errors.reason_long", "reason"};
    return {};
  }
  // A consent objection states its harm: that is its reason.
  return check_reason(p, b, p.rule != "consent" && objecting(p.rule, b.stance));
}

Problem validate_options(const Params& p, Ballot& b) {
  b.stance.clear();
  b.harm.clear();
  // Values of no option of the decision, or two values for one option: a forged form.
  std::set<long long> seen;
  for (const auto& v : b.values) {
    if (std::find(p.options.begin(), p.options.end(), v.option_id) == p.options.end())
      return {"decisions.errors.option", ""};
    if (!seen.insert(v.option_id).second) return {"decisions.errors.option", ""};
  }
  if (p.rule == "dot_vote") {
    long long sum = 0;
    for (long long id : p.options) {
      const Value* v = value_of(b, id);
      if (!v) continue;
      if (v->value < 0) return {"decisions.errors.points_negative", field_of("points", id)};
      if (v->value > p.allowance) return {"decisions.errors.too_many_points", field_of("points", id)};
      sum += v->value;
    }
    if (sum > p.allowance) return {"decisions.errors.too_many_points", "points"};
    if (sum == 0) return {"decisions.errors.no_points", "points"};
    std::erase_if(b.values, [](const Value& v) { return v.value == 0; });
  } else if (p.rule == "score") {
    for (long long id : p.options) {
      const Value* v = value_of(b, id);
      if (!v) return {"decisions.errors.score_missing", field_of("score", id)};
      if (v->value < 0 || v->value > p.max_score) return {"decisions.errors.score_range", field_of("score", id)};
    }
  } else if (p.rule == "ranked_choice") {
    long long n = std::min<long long>(p.rank_count, static_cast<long long>(p.options.size()));
    std::set<long long> ranks;
    for (long long id : p.options) {
      const Value* v = value_of(b, id);
      if (!v) continue;
      if (v->value < 1 || v->value > n) return {"decisions.errors.rank_range", field_of("rank", id)};
      if (!ranks.insert(v->value).second) return {"decisions.errors.rank_duplicate", field_of("rank", id)};
    }
    if (static_cast<long long>(ranks.size()) != n) return {"decisions.errors.rank_incomplete", "ranking"};
  } else if (p.rule == "time_poll") {
    for (long long id : p.options) {
      const Value* v = value_of(b, id);
      if (!v) return {"decisions.errors.slot_missing", field_of("slot", id)};
      if (v->value != kYes && v->value != kMaybe && v->value != kNo)
        return {"decisions.errors.slot_answer", field_of("slot", id)};
    }
  }
  // Keep the values in the decision's order.
  std::vector<Value> ordered;
  for (long long id : p.options)
    if (const Value* v = value_of(b, id)) ordered.push_back(*v);
  b.values = ordered;
  return check_reason(p, b, false);
}

long long count_of(const std::vector<PositionCount>& list, const std::string& stance) {
  for (const auto& c : list)
    if (c.stance == stance) return c.count;
  return 0;
}

}  // namespace

bool known(const std::string& rule) {
  return has(rule_keys(), rule);
}

bool uses_options(const std::string& rule) {
  return rule == "dot_vote" || rule == "score" || rule == "ranked_choice" || rule == "time_poll";
}

bool objecting(const std::string& rule, const std::string& stance) {
  if (rule == "proposal") return stance == "disagree" || stance == "block";
  if (rule == "consent") return stance == "object";
  if (rule == "advice") return stance == "oppose";
  return false;
}

Problem validate(const Params& params, Ballot& ballot) {
  if (!known(params.rule)) return {"decisions.errors.rule", ""};
  ballot.reason = trim(ballot.reason);
  ballot.harm = trim(ballot.harm);
  ballot.stance = trim(ballot.stance);
  ballot.resolved = false;
  return uses_options(params.rule) ? validate_options(params, ballot) : validate_stance(params, ballot);
}

long long quorum_needed(const Quorum& quorum, long long eligible) {
  if (quorum.kind == "count") return std::max<long long>(1, quorum.value);
  if (quorum.kind == "share") {
    long long needed = (quorum.value * eligible + 99) / 100;  // rounded up
    return std::max<long long>(1, needed);
  }
  return 0;
}

bool quorum_reached(const Quorum& quorum, long long voters, long long eligible) {
  return voters >= quorum_needed(quorum, eligible);
}

Tally tally(const Params& params, const std::vector<Ballot>& all, long long eligible, const Quorum& quorum) {
  // One ballot per voter: the last one given.
  std::vector<Ballot> ballots;
  std::map<std::string, std::size_t> at;
  for (const auto& b : all) {
    if (!b.voter.empty()) {
      auto it = at.find(b.voter);
      if (it != at.end()) {
        ballots[it->second] = b;
        continue;
      }
      at[b.voter] = ballots.size();
    }
    ballots.push_back(b);
  }

  Tally t;
  t.ballots = static_cast<long long>(ballots.size());
  t.eligible = eligible;
  t.quorum_needed = quorum_needed(quorum, eligible);
  t.quorum_reached = quorum_reached(quorum, t.ballots, eligible);

  if (!uses_options(params.rule)) {
    for (const auto& p : params.positions) t.positions.push_back({p, 0});
    for (const auto& b : ballots) {
      for (auto& c : t.positions)
        if (c.stance == b.stance) ++c.count;
      if (params.rule == "consent" && b.stance == "object") {
        if (b.resolved) ++t.resolved_objections;
        else ++t.objections;
      }
    }
    t.abstentions = params.rule == "proposal" ? count_of(t.positions, "abstain") : 0;
    t.blocks = params.rule == "proposal" ? count_of(t.positions, "block") : 0;
    if (t.ballots == 0) {
      t.indication = "no_votes";
    } else if (params.rule == "proposal") {
      long long agree = count_of(t.positions, "agree"), disagree = count_of(t.positions, "disagree");
      if (t.blocks > 0) t.indication = "blocked";
      else if (t.abstentions == t.ballots) t.indication = "all_abstained";
      else if (agree > disagree) t.indication = "agreed";
      else if (agree == disagree) t.indication = "tied";
      else t.indication = "not_agreed";
    } else if (params.rule == "consent") {
      t.indication = t.objections > 0 ? "objected" : "consented";
    } else {
      t.indication = "advised";
    }
    return t;
  }

  long long n = std::min<long long>(params.rank_count, static_cast<long long>(params.options.size()));
  for (long long id : params.options) {
    OptionResult r;
    r.option_id = id;
    for (const auto& b : ballots) {
      const Value* v = value_of(b, id);
      if (params.rule == "dot_vote") {
        if (v && v->value > 0) {
          r.total += v->value;
          ++r.voters;
        }
      } else if (params.rule == "score") {
        if (v) {
          r.total += v->value;
          ++r.voters;
        }
      } else if (params.rule == "ranked_choice") {
        if (v && v->value >= 1 && v->value <= n) {
          r.total += n - v->value + 1;
          ++r.voters;
          if (v->value == 1) ++r.firsts;
        }
      } else if (params.rule == "time_poll") {
        long long answer = v ? v->value : kNo;
        if (answer == kYes) {
          ++r.total;
          ++r.voters;
        } else if (answer == kMaybe) {
          ++r.maybe;
        } else {
          ++r.no;
        }
      }
    }
    if (params.rule == "score" && r.voters > 0) r.average = static_cast<double>(r.total) / r.voters;
    t.options.push_back(r);
  }
  // Places: an option is ahead of another by its total (time poll: yes, then maybe); equal ones share
  // their place (1, 1, 3).
  auto key = [](const OptionResult& r) { return std::make_tuple(r.total, r.maybe); };
  for (auto& r : t.options) {
    long long ahead = 0;
    for (const auto& o : t.options)
      if (key(o) > key(r)) ++ahead;
    r.place = ahead + 1;
  }
  if (t.ballots == 0) {
    t.indication = "no_votes";
    return t;
  }
  for (const auto& r : t.options)
    if (r.place == 1) t.leaders.push_back(r.option_id);
  t.tie = t.leaders.size() > 1;
  t.indication = t.tie ? "tie" : "leader";
  return t;
}

}  // namespace trame::decisions::rules
