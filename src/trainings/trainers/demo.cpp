// The trainers module's demo: formateur@sagiterre.local's profile (expertise, years of practice, consent to
// be shown publicly), a small CV as a PDF and three dated entries of keeping skills up to date. Does nothing twice.
#include "platform/core/calendar.hpp"
#include "platform/docs/pdf.hpp"
#include "trainings/trainers/service.hpp"

namespace trame::trainers {

void Service::load_demo(const Actor& actor) {
  long long user = db_.read([&](soci::session& sql) {
    long long id = 0;
    sql << "SELECT id FROM users WHERE email = 'formateur@sagiterre.local'", soci::into(id);
    return sql.got_data() ? id : 0LL;
  });
  if (!user) return;
  bool present = db_.read([&](soci::session& sql) {
    long long n = 0;
    sql << "SELECT COUNT(*) FROM training_trainer_profiles WHERE user_id = :u", soci::use(user), soci::into(n);
    return n > 0;
  });
  if (present) return;
  Principal me;
  me.id = user;
  me.email = "formateur@sagiterre.local";
  save_profile(actor, me,
               {"Pédagogies de l'éducation populaire, animation de démarches participatives et de coopération "
                "territoriale ; accompagnement de collectifs d'habitants et de professionnels.",
                "14", "1"});
  docs::PdfDocument cv("Curriculum vitæ — formateur Sagiterre");
  cv.set_author("Sagiterre");
  cv.heading("Curriculum vitæ");
  cv.subheading("Formateur — Sagiterre, Marseille");
  cv.paragraph("Formateur et animateur de démarches participatives depuis 2012.");
  cv.paragraph(
      "2018 – aujourd'hui : formateur permanent, Sagiterre (pouvoir d'agir, coopération territoriale).\n"
      "2012 – 2018 : animateur socioculturel, centre social des quartiers nord de Marseille.");
  cv.paragraph("Formation : DEJEPS « développement de projets, territoires et réseaux » (2016).");
  upload_cv(actor, me, "cv-formateur-sagiterre.pdf", cv.render());
  long long now = store::now_seconds();
  std::vector<SkillInput> entries = {
      {local_day(now - 40 * 86400LL), "Formation « Animer des démarches d'aller-vers »", "course", "14",
       "Deux jours avec un réseau d'éducation populaire."},
      {local_day(now - 120 * 86400LL), "Colloque « Participation des habitants et politiques culturelles »",
       "conference", "6", ""},
      {local_day(now - 200 * 86400LL), "Lecture : « Le pouvoir d'agir des habitants » (ouvrage collectif)", "reading",
       "4", "Notes partagées avec l'équipe pédagogique."},
  };
  for (const auto& e : entries) add_skill(actor, me, e);
}

}  // namespace trame::trainers
