package receipts

// sample is one language's short receipt text, written for the tests
// (machine-drafted, like the unreviewed catalogs).
type sample struct {
	lang, office                         string
	rtl                                  bool
	title, refLabel, timeLabel, line     string
	bringLabel, bring, verify, procedure string
	// phrase is a run of words that extraction must return in this order.
	phrase string
}

var samples = []sample{
	{"nl", "fr", false, "Afspraak bevestigd", "Referentie", "Tijd", "Kom tien minuten vroeger.",
		"Wat meebrengen", "Paspoort", "Scan de code om te controleren dat dit bewijs echt is.", "Gezinshereniging", "Kom tien minuten vroeger"},
	{"fr", "nl", false, "Rendez-vous confirmé", "Référence", "Heure", "Venez dix minutes en avance.",
		"À apporter", "Passeport", "Scannez le code pour vérifier que ce reçu est authentique.", "Regroupement familial", "Venez dix minutes en avance"},
	{"de", "nl", false, "Termin bestätigt", "Referenz", "Uhrzeit", "Kommen Sie zehn Minuten früher.",
		"Mitbringen", "Reisepass", "Scannen Sie den Code, um die Echtheit zu prüfen.", "Familienzusammenführung", "Kommen Sie zehn Minuten früher"},
	{"en", "nl", false, "Appointment confirmed", "Reference", "Time", "Please arrive ten minutes early.",
		"What to bring", "Passport", "Scan the code to check this receipt is genuine.", "Family reunification", "Please arrive ten minutes early"},
	{"ar", "fr", true, "تم تأكيد الموعد", "المرجع", "الوقت", "يرجى الحضور قبل عشر دقائق.",
		"ما يجب إحضاره", "جواز السفر", "امسح الرمز للتحقق من صحة هذا الإيصال.", "لمّ شمل الأسرة", "يرجى الحضور قبل عشر دقائق"},
	{"fa", "nl", true, "نوبت شما تأیید شد", "شماره پیگیری", "زمان", "لطفاً ده دقیقه زودتر بیایید.",
		"همراه داشته باشید", "گذرنامه", "برای بررسی اصالت این رسید، کد را اسکن کنید.", "پیوستن به خانواده", "لطفاً ده دقیقه زودتر بیایید"},
	{"ps", "nl", true, "ستاسو ملاقات تایید شو", "حواله", "وخت", "مهرباني وکړئ لس دقیقې مخکې راشئ.",
		"څه راوړئ", "پاسپورټ", "د دې رسید د تصدیق لپاره کوډ سکین کړئ.", "د کورنۍ یوځای کېدل", "مهرباني وکړئ لس دقیقې مخکې راشئ"},
	{"ti", "fr", false, "ቆጸራኹም ተረጋጊጹ", "መወከሲ", "ሰዓት", "ዓሰርተ ደቓይቕ ቀዲምኩም ምጹ።",
		"እተምጽእዎ", "ፓስፖርት", "እዚ ቅብሊት ሓቀኛ ምዃኑ ንምርግጋጽ ኮድ ስካን ግበሩ።", "ምጥርናፍ ስድራቤት", "ዓሰርተ ደቓይቕ ቀዲምኩም ምጹ"},
	{"so", "fr", false, "Ballanta waa la xaqiijiyey", "Tixraac", "Waqtiga", "Fadlan kaalay toban daqiiqo ka hor.",
		"Waxa la keenayo", "Baasaboor", "Iskaan garee koodka si aad u hubiso in rasiidkan uu sax yahay.", "Isu-keenka qoyska", "Fadlan kaalay toban daqiiqo ka hor"},
	{"tr", "nl", false, "Randevu onaylandı", "Referans", "Saat", "Lütfen on dakika erken gelin.",
		"Yanınızda getirin", "Pasaport", "Bu makbuzun gerçek olduğunu kontrol etmek için kodu tarayın.", "Aile birleşimi", "Lütfen on dakika erken gelin"},
	{"uk", "nl", false, "Запис підтверджено", "Номер", "Час", "Будь ласка, прийдіть на десять хвилин раніше.",
		"Що взяти з собою", "Паспорт", "Скануйте код, щоб перевірити справжність квитанції.", "Возз'єднання сім'ї", "прийдіть на десять хвилин раніше"},
	{"ru", "fr", false, "Запись подтверждена", "Номер", "Время", "Пожалуйста, приходите на десять минут раньше.",
		"Что взять с собой", "Паспорт", "Отсканируйте код, чтобы проверить подлинность квитанции.", "Воссоединение семьи", "приходите на десять минут раньше"},
	{"es", "fr", false, "Cita confirmada", "Referencia", "Hora", "Llegue diez minutos antes.",
		"Qué traer", "Pasaporte", "Escanee el código para comprobar que este recibo es auténtico.", "Reagrupación familiar", "Llegue diez minutos antes"},
}

// officeText is the office-language block for nl or fr.
func officeText(lang string) OfficeText {
	if lang == "fr" {
		return OfficeText{Lang: "fr", Title: "Rendez-vous confirmé", ReferenceLabel: "Référence", TimeLabel: "Heure",
			FieldLabels: map[string]string{"procedure": "Procédure"}, FieldValues: map[string]string{"procedure": "regroupement familial"},
			VerifyHint: "Scannez le code pour vérifier ce reçu."}
	}
	return OfficeText{Lang: "nl", Title: "Afspraak bevestigd", ReferenceLabel: "Referentie", TimeLabel: "Tijd",
		FieldLabels: map[string]string{"procedure": "Procedure"}, FieldValues: map[string]string{"procedure": "gezinshereniging"},
		VerifyHint: "Scan de code om dit bewijs te controleren."}
}

// document builds a full receipt text from a sample; the line with the
// reference mixes the reader's script with an LTR value.
func (s sample) document() Document {
	return Document{
		Lang: s.lang, RTL: s.rtl, OfficeName: "DVZ · OE — Brussel / Bruxelles",
		Title: s.title, ReferenceLabel: s.refLabel, TimeLabel: s.timeLabel,
		FieldValues: map[string]string{"procedure": s.procedure},
		Lines:       []string{s.line, s.refLabel + " K7M-4QX2 · 09:30"},
		BringLabel:  s.bringLabel, Bring: []string{s.bring},
		AddressLabel: "Adres / Adresse", Address: []string{"Pachecolaan 44, 1000 Brussel"},
		VerifyHint: s.verify, Office: officeText(s.office),
	}
}
