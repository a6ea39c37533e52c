#include "app/setup/service.hpp"

#include <algorithm>

#include "platform/core/text.hpp"
#include "platform/web/crypto.hpp"

namespace trame::setup {

namespace {

// Thrown inside the install's transaction to undo what it wrote (the organisation when the
// administrator is refused) and still answer with the failure.
struct Undo {
  Outcome outcome;
};

}  // namespace

bool Service::installed() {
  return db_.read([&](soci::session& sql) { return repo_.account_count(sql) > 0; });
}

std::string Service::open_first_run() {
  std::lock_guard lock(token_mutex_);
  if (installed()) return {};
  if (first_run_token_.empty()) first_run_token_ = web::random_token(24);
  return first_run_token_;
}

bool Service::may_use_first_run(bool direct_loopback, const std::string& token) {
  if (direct_loopback) return true;
  std::lock_guard lock(token_mutex_);
  return !first_run_token_.empty() && web::constant_time_equal(token, first_run_token_);
}

Outcome Service::find_commune(const std::string& wanted, std::string& code, std::string& name) {
  auto found = territory_.communes_matching(wanted);
  if (found.size() == 1) {
    code = found.front().code;
    name = found.front().name;
    return Outcome::success();
  }
  if (found.size() > 1) return Outcome::failure("setup.errors.commune_ambiguous", "commune");
  if (!territory_.any_commune()) return Outcome::failure("setup.errors.no_territory", "commune");
  return Outcome::failure("setup.errors.commune_unknown", "commune");
}

Outcome Service::install(const Actor& actor, Installation in, Installed& done) {
  // Everything that needs no write is checked first, so that a refusal costs nothing.
  if (installed()) return Outcome::failure("setup.errors.already_installed");
  organisations::Organisation o;
  o.name = trim(in.organisation_name);
  o.kind = trim(in.organisation_kind);
  if (o.name.empty()) return Outcome::failure("organisations.errors.name_required", "organisation_name");
  const auto& kinds = organisations::kinds();
  if (std::find(kinds.begin(), kinds.end(), o.kind) == kinds.end())
    return Outcome::failure("organisations.errors.kind", "organisation_kind");
  std::string commune = trim(in.commune);
  if (!commune.empty())
    if (auto c = find_commune(commune, o.commune_code, done.commune_name); !c.ok) return c;
  if (auto checked = accounts_.check_new_user(in.admin_email, in.admin_name, "administrator", in.password);
      !checked.ok) {
    checked.field = checked.field == "email" ? "admin_email" : checked.field == "name" ? "admin_name" : checked.field;
    return checked;
  }
  if (in.password && *in.password != in.password_confirm)
    return Outcome::failure("accounts.errors.password_mismatch", "password_confirm");
  // Hashed outside the transaction (argon2id is slow on purpose). Without a password, the hash of a
  // random one nobody knows: the administrator chooses theirs through the one-time link.
  std::string hash = web::hash_password(in.password ? *in.password : web::random_token(32));

  try {
    auto outcome = db_.write([&](soci::session& sql) {
      long long now = store::now_seconds();
      if (repo_.account_count(sql) > 0 || !repo_.claim_installation(sql, now))
        throw Undo{Outcome::failure("setup.errors.already_installed")};
      auto created = organisations_.create(sql, actor, o);
      if (!created.ok) {
        if (created.field == "name") created.field = "organisation_name";
        if (created.field == "kind") created.field = "organisation_kind";
        throw Undo{created};
      }
      auto admin = accounts_.add_user(sql, actor, in.admin_email, in.admin_name, "administrator", created.id, hash);
      if (!admin.ok) {
        if (admin.field == "email") admin.field = "admin_email";
        throw Undo{admin};
      }
      done.organisation_id = created.id;
      done.user_id = admin.id;
      done.organisation_name = o.name;
      if (!in.password) done.password_link = accounts_.first_password_link(sql, admin.id);
      audit_.record(sql, actor, "setup.installed", "organisation:" + std::to_string(created.id),
                    "administrator user:" + std::to_string(admin.id));
      return Outcome::success(admin.id);
    });
    std::lock_guard lock(token_mutex_);
    first_run_token_.clear();
    return outcome;
  } catch (const Undo& undo) {
    return undo.outcome;
  }
}

}  // namespace trame::setup
