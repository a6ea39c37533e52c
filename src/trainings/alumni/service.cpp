#include "trainings/alumni/service.hpp"

#include "platform/core/text.hpp"
#include "platform/web/crypto.hpp"
#include "trainings/training_space/service.hpp"

namespace trame::alumni {

namespace {

using training_space::SpaceKind;

std::string subject(long long programme_id) {
  return "training_programme:" + std::to_string(programme_id);
}

std::string excerpt(const std::string& text, std::size_t max) {
  if (code_points(text) <= max) return text;
  std::string out;
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size() && n < max; ++n) {
    std::size_t len = 1;
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0xF0) len = 4;
    else if (c >= 0xE0) len = 3;
    else if (c >= 0xC0) len = 2;
    out += text.substr(i, len);
    i += len;
  }
  return out + "…";
}

}  // namespace

std::optional<Access> Service::access(const Principal& me, long long programme_id) {
  return db_.read([&](soci::session& sql) -> std::optional<Access> {
    auto p = repo_.programme(sql, programme_id);
    if (!p) return std::nullopt;
    Access a;
    a.programme = *p;
    a.manager = me.is_admin() || me.can_in(perm::trainings_manage, p->organiser_id);
    a.trainer = repo_.trains(sql, p->id, me.id);
    a.eligible = repo_.completed(sql, p->id, me.id);
    a.applied = a.eligible || repo_.applied(sql, p->id, me.id);
    a.member = repo_.member(sql, p->id, me.id).has_value();
    return a;
  });
}

long long Service::members(long long programme_id) {
  return db_.read([&](soci::session& sql) { return repo_.count_members(sql, programme_id); });
}

bool Service::mail_on(const Access& a, long long user_id) {
  return db_.read([&](soci::session& sql) {
    if (auto m = repo_.member(sql, a.programme.id, user_id)) return *m == 1;
    return !repo_.staff_muted(sql, a.programme.id, user_id);
  });
}

Outcome Service::check_reader(const Principal& me, long long programme_id, Access& out) {
  auto a = access(me, programme_id);
  if (!a || !a->sees()) return Outcome::not_found();
  if (!a->reads()) return Outcome::forbidden();
  out = *a;
  return Outcome::success(programme_id);
}

Outcome Service::join(const Actor& actor, const Principal& me, long long programme_id) {
  auto a = access(me, programme_id);
  if (!a || !a->sees()) return Outcome::not_found();
  if (!a->eligible) return Outcome::forbidden("alumni.errors.not_eligible");
  try {
    return db_.attempt([&](soci::session& sql) {
      if (repo_.member(sql, programme_id, me.id)) refuse("alumni.errors.already_member");
      repo_.join(sql, programme_id, me.id, store::now_seconds());
      audit_.record(sql, actor, "alumni.joined", subject(programme_id));
      return Outcome::success(programme_id);
    });
  } catch (const std::exception& ex) {
    if (store::is_unique_violation(ex)) return Outcome::failure("alumni.errors.already_member");
    throw;
  }
}

Outcome Service::leave(const Actor& actor, const Principal& me, long long programme_id) {
  auto a = access(me, programme_id);
  if (!a || !a->sees()) return Outcome::not_found();
  return db_.attempt([&](soci::session& sql) {
    if (!repo_.leave(sql, programme_id, me.id)) refuse("alumni.errors.not_member");
    audit_.record(sql, actor, "alumni.left", subject(programme_id));
    return Outcome::success(programme_id);
  });
}

Outcome Service::toggle_mail(const Actor& actor, const Principal& me, long long programme_id) {
  Access a;
  if (auto o = check_reader(me, programme_id, a); !o.ok) return o;
  return db_.write([&](soci::session& sql) {
    bool now_off = false;
    if (auto m = repo_.member(sql, programme_id, me.id)) {
      now_off = *m == 1;
      repo_.set_mail(sql, programme_id, me.id, now_off ? 0 : 1);
    } else {
      now_off = !repo_.staff_muted(sql, programme_id, me.id);
      repo_.set_staff_muted(sql, programme_id, me.id, now_off);
    }
    audit_.record(sql, actor, now_off ? "alumni.mail_off" : "alumni.mail_on", subject(programme_id));
    return Outcome::success(now_off ? 1 : 0);
  });
}

std::vector<training_space::Thread> Service::threads(long long programme_id, long long page, long long& total) {
  return db_.read([&](soci::session& sql) {
    return space_.threads(sql, training_space::Space{SpaceKind::alumni, programme_id},
                          (std::max(1LL, page) - 1) * training_space::kThreadsPerPage, training_space::kThreadsPerPage,
                          total);
  });
}

std::optional<training_space::Thread> Service::thread(long long id) {
  return db_.read([&](soci::session& sql) { return space_.thread(sql, SpaceKind::alumni, id); });
}

std::vector<training_space::Post> Service::posts(long long thread_id, long long page, long long& total) {
  return db_.read([&](soci::session& sql) {
    return space_.posts(sql, SpaceKind::alumni, thread_id, (std::max(1LL, page) - 1) * training_space::kPostsPerPage,
                        training_space::kPostsPerPage, total);
  });
}

long long Service::share_file(soci::session& sql, const Actor& actor, long long programme_id,
                              const training_space::Attachment& file, const docs::UploadedFile& kept, long long now) {
  if (file.bytes.empty()) return 0;
  training_space::Resource r;
  r.content_type = kept.type;
  r.file_name = kept.name;
  r.bytes = file.bytes;
  r.size_bytes = static_cast<long long>(file.bytes.size());
  r.sha256 = web::sha256_hex(file.bytes);
  r.created_by = actor.id;
  r.created_at = now;
  long long id = space_.insert_alumni_file(sql, programme_id, r);
  audit_.record(sql, actor, "alumni.file_shared", subject(programme_id),
                "file " + std::to_string(id) + " : " + r.file_name + " (" + kept.type + ", " +
                    std::to_string(r.size_bytes) + " octets, " + r.sha256 + ")");
  return id;
}

Outcome Service::create_thread(const Actor& actor, const Principal& me, long long programme_id,
                               const std::string& title_in, const std::string& body_in,
                               const training_space::Attachment& file) {
  Access a;
  if (auto o = check_reader(me, programme_id, a); !o.ok) return o;
  const std::string title = trim(title_in), body = trim(body_in);
  if (auto o = training_space::check_space_title(title); !o.ok) return o;
  docs::UploadedFile kept;
  if (auto o = training_space::check_space_message(body, file, kept); !o.ok) return o;
  return db_.write([&](soci::session& sql) {
    const long long now = store::now_seconds();
    training_space::Thread t;
    t.session_id = programme_id;
    t.title = title;
    t.author_id = actor.id;
    t.created_at = now;
    t.id = space_.insert_thread(sql, SpaceKind::alumni, t);
    training_space::Post p;
    p.thread_id = t.id;
    p.author_id = actor.id;
    p.body = body;
    p.created_at = now;
    p.resource_id = share_file(sql, actor, programme_id, file, kept, now);
    space_.insert_post(sql, SpaceKind::alumni, p);
    space_.touch_thread(sql, SpaceKind::alumni, t.id, now);
    audit_.record(sql, actor, "alumni.thread_created", subject(programme_id),
                  "fil " + std::to_string(t.id) + " : " + title);
    notify(sql, a, actor.id, t, body, true);
    return Outcome::success(t.id);
  });
}

Outcome Service::reply(const Actor& actor, const Principal& me, long long thread_id, const std::string& body_in,
                       const training_space::Attachment& file) {
  auto t = thread(thread_id);
  if (!t) return Outcome::not_found();
  Access a;
  if (auto o = check_reader(me, t->session_id, a); !o.ok) return o;
  const std::string body = trim(body_in);
  docs::UploadedFile kept;
  if (auto o = training_space::check_space_message(body, file, kept); !o.ok) return o;
  return db_.write([&](soci::session& sql) {
    const long long now = store::now_seconds();
    training_space::Post p;
    p.thread_id = thread_id;
    p.author_id = actor.id;
    p.body = body;
    p.created_at = now;
    p.resource_id = share_file(sql, actor, a.programme.id, file, kept, now);
    long long id = space_.insert_post(sql, SpaceKind::alumni, p);
    space_.touch_thread(sql, SpaceKind::alumni, thread_id, now);
    audit_.record(sql, actor, "alumni.post_added", subject(a.programme.id),
                  "fil " + std::to_string(thread_id) + ", message " + std::to_string(id));
    notify(sql, a, actor.id, *t, body, false);
    return Outcome::success(id);
  });
}

Outcome Service::remove_post(const Actor& actor, const Principal& me, long long post_id) {
  auto p = db_.read([&](soci::session& sql) { return space_.post(sql, SpaceKind::alumni, post_id); });
  auto t = p ? thread(p->thread_id) : std::nullopt;
  if (!t) return Outcome::not_found();
  auto a = access(me, t->session_id);
  if (!a || !a->sees()) return Outcome::not_found();
  if (!a->manager) return Outcome::forbidden();
  return db_.attempt([&](soci::session& sql) {
    if (!space_.remove_post(sql, post_id, actor.id)) refuse("alumni.errors.already_removed");
    audit_.record(sql, actor, "alumni.post_removed", subject(a->programme.id),
                  "fil " + std::to_string(t->id) + ", message " + std::to_string(post_id) + " de " + p->author_name);
    return Outcome::success(t->id);
  });
}

std::optional<training_space::Resource> Service::file(const Principal& me, long long file_id) {
  auto f = db_.read([&](soci::session& sql) { return space_.alumni_file(sql, file_id, true); });
  if (!f || f->deleted) return std::nullopt;
  auto a = access(me, f->session_id);
  if (!a || !a->reads()) return std::nullopt;
  return f;
}

void Service::notify(soci::session& sql, const Access& a, long long author_id, const training_space::Thread& t,
                     const std::string& body, bool new_thread) {
  const std::string author = repo_.user_name(sql, author_id);
  const std::string kind = new_thread ? "thread" : "reply";
  const std::string space_link = public_url_ + "/formations/programmes/" + std::to_string(a.programme.id) + "/anciens";
  for (const auto& m : repo_.recipients(sql, a.programme.id, a.programme.organiser_id)) {
    if (m.user_id == author_id || m.muted || m.email.empty()) continue;
    const std::string locale = catalogue_.normalise(m.locale);
    web::Params params = {{"programme", a.programme.title},
                          {"title", t.title},
                          {"author", author},
                          {"message", excerpt(body, 600)},
                          {"link", public_url_ + "/formations/anciens/fils/" + std::to_string(t.id)},
                          {"space_link", space_link}};
    mail_.enqueue(sql, m.email, catalogue_.t(locale, "alumni.mail." + kind + ".subject", params),
                  catalogue_.t(locale, "alumni.mail." + kind + ".body", params) + "\n\n" +
                      catalogue_.t(locale, "alumni.mail.unsubscribe", params));
  }
}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::alumni
