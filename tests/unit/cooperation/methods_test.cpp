// The methods library: the checks of the method form (bad input leaves nothing half-written), the
// search's folded text, and the starter entries of migration 0037 (their search text is what the
// service computes, so that they are found like any other method).
#include <gtest/gtest.h>

#include "../platform/temp_database.hpp"
#include "cooperation/methods/service.hpp"

using namespace trame;
using namespace trame::methods;

namespace {

MethodInput valid() {
  MethodInput in;
  in.title = "  Débat mouvant  ";
  in.purpose = "Faire débattre un groupe en mouvement.";
  in.duration_min = "30";
  in.duration_max = "90";
  in.group_min = "10";
  in.group_max = "40";
  in.materials = "Une ligne au sol\n\n  Des affirmations  \n";
  in.steps = "Lire l'affirmation\n\n  Chacun choisit son côté \nOn argumente\n";
  in.variants = "";
  in.tags = "débat, Débat,  éducation populaire ,,";
  in.visibility = "public";
  return in;
}

Outcome check(const MethodInput& in) {
  Method m;
  return check_input(in, m);
}

}  // namespace

TEST(MethodsInput, CleansAValidMethod) {
  Method m;
  auto o = check_input(valid(), m);
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(m.title, "Débat mouvant");
  EXPECT_EQ(m.materials, "Une ligne au sol\nDes affirmations");
  ASSERT_EQ(m.steps.size(), 3u);
  EXPECT_EQ(m.steps[1], "Chacun choisit son côté");
  // Duplicates by their folded form go, blanks and empty tags too.
  ASSERT_EQ(m.tags.size(), 2u);
  EXPECT_EQ(m.tags[0], "débat");
  EXPECT_EQ(m.tags[1], "éducation populaire");
  EXPECT_EQ(m.duration_min, 30);
  EXPECT_EQ(m.group_max, 40);
}

TEST(MethodsInput, RefusesWhatTheBriefNames) {
  auto in = valid();
  in.title = "   ";
  auto o = check(in);
  EXPECT_EQ(o.error, "methods.errors.title");
  EXPECT_EQ(o.field, "title");
  EXPECT_EQ(o.code, Failure::invalid);

  in = valid();
  in.duration_min = "120";
  in.duration_max = "90";
  o = check(in);
  EXPECT_EQ(o.error, "methods.errors.duration_order");
  EXPECT_EQ(o.field, "duration_min");

  in = valid();
  in.group_min = "41";
  o = check(in);
  EXPECT_EQ(o.error, "methods.errors.group_order");
  EXPECT_EQ(o.field, "group_min");

  in = valid();
  in.steps = " \n\n \t\n";
  o = check(in);
  EXPECT_EQ(o.error, "methods.errors.steps");
  EXPECT_EQ(o.field, "steps");
}

TEST(MethodsInput, EqualBoundsAreARange) {
  auto in = valid();
  in.duration_min = in.duration_max = "60";
  in.group_min = in.group_max = "12";
  EXPECT_TRUE(check(in).ok);
}

TEST(MethodsInput, NumbersAreWholeAndBounded) {
  for (const char* bad : {"", "0", "-5", "1.5", "douze", "1441", "99999999"}) {
    auto in = valid();
    in.duration_max = bad;
    EXPECT_EQ(check(in).error, "methods.errors.duration") << bad;
    EXPECT_EQ(check(in).field, "duration_max") << bad;
  }
  for (const char* bad : {"", "0", "1001", "3 personnes"}) {
    auto in = valid();
    in.group_min = bad;
    EXPECT_EQ(check(in).error, "methods.errors.group") << bad;
  }
  auto in = valid();
  in.duration_min = " 45 ";
  EXPECT_TRUE(check(in).ok);
}

TEST(MethodsInput, TagsVisibilityAndLengths) {
  auto in = valid();
  in.tags = "a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11";
  EXPECT_EQ(check(in).error, "methods.errors.tags");
  in.tags = std::string(41, 'x');
  EXPECT_EQ(check(in).error, "methods.errors.tags");
  in.tags = "un, deux\ntrois";  // a line break separates too
  Method m;
  ASSERT_TRUE(check_input(in, m).ok);
  EXPECT_EQ(m.tags.size(), 3u);

  in = valid();
  in.visibility = "members";
  EXPECT_EQ(check(in).error, "methods.errors.visibility");

  in = valid();
  in.steps = std::string(1001, 'e');
  EXPECT_EQ(check(in).error, "methods.errors.step_too_long");
  in.steps.clear();
  for (int i = 0; i < 31; ++i) in.steps += "Étape\n";
  EXPECT_EQ(check(in).error, "methods.errors.steps_count");
}

TEST(MethodsSearch, FoldsTitlePurposeAndTags) {
  Method m;
  m.title = "World café";
  m.purpose = "Croiser les points de vue.";
  m.tags = {"Grand groupe", "échange"};
  EXPECT_EQ(search_text_of(m), "world cafe croiser les points de vue grand groupe echange");
  EXPECT_EQ(tags_key_of(m.tags), ",grand groupe,echange,");
  EXPECT_EQ(tags_key_of({}), "");

  Filter f;
  f.text = "  CAFÉ   Échange ";
  f.tag = "Éducation populaire";
  f.minutes = -3;
  Principal anonymous;
  auto q = query_of(anonymous, f);
  EXPECT_FALSE(q.network);
  ASSERT_EQ(q.words.size(), 2u);
  EXPECT_EQ(q.words[0], "cafe");
  EXPECT_EQ(q.words[1], "echange");
  EXPECT_EQ(q.tag, "education populaire");
  EXPECT_EQ(q.minutes, 0);
  Principal signed_in;
  signed_in.id = 7;
  EXPECT_TRUE(query_of(signed_in, f).network);
}

TEST(MethodsEdit, AuthorsTheirOwnKeepersAny) {
  Method m;
  m.created_by = 5;
  Principal author;
  author.id = 5;
  author.memberships.push_back(Membership{1, "", "trainer"});
  Principal other = author;
  other.id = 6;
  Principal staff;
  staff.id = 8;
  staff.memberships.push_back(Membership{1, "", "training_staff"});
  Principal coordinator;
  coordinator.id = 9;
  coordinator.memberships.push_back(Membership{1, "", "coordinator"});
  EXPECT_TRUE(Service::may_edit(author, m));
  EXPECT_FALSE(Service::may_edit(other, m));
  EXPECT_TRUE(Service::may_edit(staff, m));
  EXPECT_FALSE(Service::may_edit(coordinator, m));
  EXPECT_FALSE(Service::may_edit(Principal{}, m));
  // A starter entry (no author): the keepers only.
  Method starter;
  Principal nobody;
  EXPECT_FALSE(Service::may_edit(nobody, starter));
  EXPECT_TRUE(Service::may_edit(staff, starter));
}

class MethodsStarters : public unit::TempSqlite {};

// The starter entries' search text and tag key, written in the migration, are the service's own.
TEST_F(MethodsStarters, SeededSearchTextIsTheServiceFolding) {
  struct Row {
    long long id;
    std::string title, purpose, tags, search_text, tags_key;
  };
  std::vector<Row> rows;
  db_->read([&](soci::session& sql) {
    Row r;
    soci::statement st = (sql.prepare << "SELECT id, title, purpose, tags, search_text, tags_key FROM "
                                         "cooperation_methods WHERE starter = 1 ORDER BY id",
                          soci::into(r.id), soci::into(r.title), soci::into(r.purpose), soci::into(r.tags),
                          soci::into(r.search_text), soci::into(r.tags_key));
    st.execute();
    while (st.fetch()) rows.push_back(r);
  });
  ASSERT_GE(rows.size(), 6u);
  std::vector<std::string> titles;
  for (const auto& r : rows) {
    MethodInput in;
    in.title = r.title;
    in.purpose = r.purpose;
    in.tags = r.tags;
    in.duration_min = in.duration_max = in.group_min = in.group_max = "1";
    in.steps = "x";
    Method m;
    ASSERT_TRUE(check_input(in, m).ok) << r.title;
    EXPECT_EQ(r.search_text, search_text_of(m)) << r.title;
    EXPECT_EQ(r.tags_key, tags_key_of(m.tags)) << r.title;
    long long steps = 0;
    db_->read([&](soci::session& sql) {
      sql << "SELECT COUNT(*) FROM cooperation_method_steps WHERE method_id = :m", soci::into(steps), soci::use(r.id);
    });
    EXPECT_GE(steps, 5) << r.title;
    titles.push_back(r.title);
  }
  for (const char* wanted :
       {"Cercle de connaissances", "World café", "Arpentage", "Photo-langage", "Porteur de parole", "Débat mouvant"})
    EXPECT_NE(std::find(titles.begin(), titles.end(), wanted), titles.end()) << wanted;
}
