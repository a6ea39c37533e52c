// The demo's « Allô l'Artiste ! » (seed 004): two fictive artists with accounts of their own (the demo
// password), four shows accepted (in French, Spanish, Arabic and English) and one proposed, a week of
// programme around the demo's today (the past slots reported), and the demo referent's listeners.
#include "mediation/allo/service.hpp"

#include "platform/accounts/service.hpp"
#include "platform/core/calendar.hpp"

namespace trame::mediation::allo {

namespace {

long long id_of(soci::session& sql, const std::string& query, const std::string& key) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  std::string bound = key;
  sql << query, soci::use(bound), soci::into(id, ind);
  return ind == soci::i_ok ? id : 0;
}

// A short, valid WAV file (8 kHz mono, a tenth of a second of silence): the demo's sample.
std::string silent_wav() {
  const std::uint32_t samples = 800;
  std::string out = "RIFF";
  auto u32 = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
  };
  auto u16 = [&](std::uint16_t v) {
    out += static_cast<char>(v & 0xFF);
    out += static_cast<char>((v >> 8) & 0xFF);
  };
  u32(36 + samples);
  out += "WAVEfmt ";
  u32(16);
  u16(1);
  u16(1);
  u32(8000);
  u32(8000);
  u16(1);
  u16(8);
  out += "data";
  u32(samples);
  out.append(samples, static_cast<char>(0x80));
  return out;
}

}  // namespace

void Service::load_demo(const Actor& actor) {
  const std::string by_email = "SELECT id FROM users WHERE lower(email) = lower(:e)";
  long long relais = 0, referent = 0, coordinator = 0, artist = 0, artist2 = 0, done = 0;
  db_.read([&](soci::session& sql) {
    relais = id_of(sql, "SELECT id FROM organisations WHERE name = :n", "Cultures du Cœur 94");
    referent = id_of(sql, by_email, "referente@culturesducoeur94.local");
    coordinator = id_of(sql, by_email, "coordination.ancenis@trame.local");
    artist = id_of(sql, by_email, kDemoArtist);
    artist2 = id_of(sql, by_email, kDemoArtist2);
    if (artist) done = repo_.count_shows(sql, artist, "");
  });
  if (!relais || !referent || !coordinator || done) return;
  accounts::Service accounts(db_, audit_, mail_, catalogue_, accounts::Settings{});
  if (!artist) {
    auto made = accounts.add_user(actor, kDemoArtist, "Nadia Conteuse (fictive)", "artist", relais, "trame-demo-2026");
    if (!made.ok) return;
    artist = made.id;
  }
  if (!artist2) {
    auto made = accounts.add_user(actor, kDemoArtist2, "Julio Musicien (fictif)", "artist", relais, "trame-demo-2026");
    if (!made.ok) return;
    artist2 = made.id;
  }
  const std::string wav = silent_wav();
  db_.write([&](soci::session& sql) {
    long long now = store::now_seconds();
    auto show = [&](long long who, const std::string& title, const std::string& discipline, const std::string& lang,
                    long long minutes, const std::string& description, const std::string& status) {
      Show s;
      s.artist_id = who;
      s.title = title;
      s.discipline = discipline;
      s.language = lang;
      s.duration_minutes = minutes;
      s.description = description;
      s.sample_name = "extrait.wav";
      s.sample_type = kWav;
      s.sample_size = static_cast<long long>(wav.size());
      long long id = repo_.insert_show(sql, s, wav, now);
      if (status != "proposed") repo_.decide(sql, id, status, coordinator, now);
      audit_.record(sql, actor, "allo.show.propose", "allo_show:" + std::to_string(id), "démo : " + title);
      return id;
    };
    long long contes = show(artist, "Contes du bord de Loire", "Conte", "fr", 18,
                            "Trois histoires courtes racontées au téléphone, puis un temps d'échange.", "accepted");
    long long poemes = show(artist, "Poèmes d'Andalousie et du Maghreb", "Poésie", "ar", 15,
                            "Des poèmes dits en arabe, présentés en quelques mots de français.", "accepted");
    long long guitare = show(artist2, "Guitare et chansons d'Amérique latine", "Musique", "es", 20,
                             "Des chansons populaires à la guitare, chantées en espagnol.", "accepted");
    long long jazz = show(artist2, "Jazz stories", "Musique", "en", 17,
                          "Des standards du jazz et leurs histoires, racontées en anglais.", "accepted");
    show(artist2, "Chansons de marins", "Musique", "fr", 16, "Des chansons à reprendre en chœur.", "proposed");
    // A week of programme around today: two slots a day, from three days ago to three days ahead.
    const std::array<std::pair<int, int>, 2> hours = {{{0, 15}, {1, 19}}};
    const std::array<long long, 4> rotation = {contes, guitare, poemes, jazz};
    std::string today = local_day(now);
    long long next_slot = 0;
    int n = 0;
    for (int d = -3; d <= 3; ++d) {
      std::string day = add_days(today, d);
      auto date = parse_date(day);
      for (const auto& [offset, hour] : hours) {
        long long show_id = rotation[static_cast<std::size_t>((n++ + offset) % 4)];
        long long who = (show_id == contes || show_id == poemes) ? artist : artist2;
        repo_.add_availability(sql, who, day, hour, now);
        Slot s;
        s.day = day;
        s.hour = hour;
        s.starts_at = local_time(date->year, date->month, date->day, hour, 0);
        s.show_id = show_id;
        s.bridge_number = "01 84 88 00 " + std::to_string(10 + n);
        s.bridge_pin = std::to_string(4000 + n * 17);
        s.capacity = kDefaultCapacity;
        long long slot_id = repo_.insert_slot(sql, s, coordinator, now);
        if (!slot_id) continue;
        if (s.starts_at < now) {
          repo_.report(sql, slot_id, 40 + n * 7, "Beaucoup d'échanges après le spectacle.", now);
        } else if (!next_slot) {
          next_slot = slot_id;
        }
        // The referent's listeners: three on each slot (their language), codes only.
        const std::array<const char*, 3> langs = {"fr", "es", "ar"};
        for (int k = 0; k < 3; ++k) {
          if (!repo_.take_place(sql, slot_id)) break;
          Listener l;
          l.slot_id = slot_id;
          l.organisation_id = relais;
          l.referent_id = referent;
          l.language = langs[static_cast<std::size_t>(k)];
          l.code = "L-DEMO-" + std::to_string(n) + "-" + std::to_string(k);
          repo_.insert_listener(sql, l, now);
        }
      }
    }
    // One more availability for the coordinator to program.
    repo_.add_availability(sql, artist, add_days(today, 4), 11, now);
    audit_.record(sql, actor, "allo.demo", "allo_slot:" + std::to_string(next_slot), "démo : une semaine de programme");
    return 0;
  });
}

}  // namespace trame::mediation::allo
