//! Vocabularies of other shapes than the natural one, for the search
//! benchmark (`AGORA_BENCH_VOCABULARY`): a language whose words are mostly
//! random (millions of forms: names, codes, OCR noise taken to the limit),
//! Kyrgyz as an agglutinative language whose word forms follow Heaps' law
//! with β ≈ 0.7, and Chinese written with real characters and no spaces.

use std::borrow::Cow;

use super::lang::{AR, EN, FR, Lang, RU};
use super::rng::Rng;

/// How the content words (nouns, adjectives, verbs) of a language are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// From the language's word lists.
    Natural,
    /// Mostly random strings of these letters: nearly every word a new form.
    Random(&'static str),
    /// Kyrgyz stems with suffix chains, ranks drawn by Zipf's law with
    /// exponent 1/0.7, so that distinct forms grow as tokens^0.7.
    Agglutinative,
    /// From the word lists, and now and then a name of common characters.
    Chinese,
}

/// The site's vocabulary, chosen by `AGORA_BENCH_VOCABULARY`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vocabulary {
    /// English, French, Russian, Arabic from word lists.
    Natural,
    /// Russian and Arabic words mostly random.
    Large,
    /// Kyrgyz (agglutinative) in place of Arabic.
    Agglutinative,
    /// Chinese in place of Arabic.
    Chinese,
}

// Parsed and named by the search benchmark only.
#[allow(dead_code)]
impl Vocabulary {
    pub fn parse(name: &str) -> Option<Vocabulary> {
        Some(match name {
            "natural" => Vocabulary::Natural,
            "large" | "large-vocabulary" => Vocabulary::Large,
            "agglutinative" => Vocabulary::Agglutinative,
            "chinese" => Vocabulary::Chinese,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Vocabulary::Natural => "natural",
            Vocabulary::Large => "large-vocabulary",
            Vocabulary::Agglutinative => "agglutinative",
            Vocabulary::Chinese => "chinese",
        }
    }

    /// The site's four languages, English first.
    pub fn languages(self) -> [&'static Lang; 4] {
        match self {
            Vocabulary::Natural => [&EN, &FR, &RU, &AR],
            Vocabulary::Large => [&EN, &FR, &RU_RANDOM, &AR_RANDOM],
            Vocabulary::Agglutinative => [&EN, &FR, &RU, &KY],
            Vocabulary::Chinese => [&EN, &FR, &RU, &ZH],
        }
    }

    /// The language whose vocabulary this site is about (for reports).
    pub fn featured(self) -> &'static str {
        match self {
            Vocabulary::Natural => "en",
            Vocabulary::Large => "ru",
            Vocabulary::Agglutinative => "ky",
            Vocabulary::Chinese => "zh",
        }
    }
}

pub const RU_RANDOM: Lang = Lang {
    model: Model::Random("абвгдеёжзийклмнопрстуфхцчшщъыьэюя"),
    ..RU
};
pub const AR_RANDOM: Lang = Lang {
    model: Model::Random("ابتثجحخدذرزسشصضطظعغفقكلمنهوي"),
    ..AR
};

/// A content word: from `list` (skewed towards its first words when
/// `skewed`), or as the language's model draws it. The natural model draws
/// exactly as the lists always did, so natural sites stay as they were.
pub fn word(rng: &mut Rng, lang: &Lang, list: &[&'static str], skewed: bool) -> Cow<'static, str> {
    let mut out = String::new();
    match lang.model {
        Model::Random(letters) => {
            let letters: Vec<char> = letters.chars().collect();
            for _ in 0..rng.between(4, 11) {
                out.push(letters[rng.below(letters.len())]);
            }
        }
        Model::Agglutinative => push_kyrgyz(&mut out, zipf_rank(rng)),
        Model::Chinese if rng.percent(8) => {
            // A name or term of two to four common characters.
            let chars: Vec<char> = COMMON_HAN.chars().collect();
            for _ in 0..rng.between(2, 4) {
                out.push(chars[rng.skewed(chars.len())]);
            }
        }
        _ => {
            return Cow::Borrowed(if skewed {
                rng.pick_skewed(list)
            } else {
                rng.pick(list)
            });
        }
    }
    Cow::Owned(out)
}

/// A function word (determiner, preposition) from `list`: random too in
/// [`Model::Random`], where nearly every word is a new form.
pub fn function_word(rng: &mut Rng, lang: &Lang, list: &[&'static str]) -> Cow<'static, str> {
    match lang.model {
        Model::Random(_) => word(rng, lang, list, false),
        _ => Cow::Borrowed(rng.pick(list)),
    }
}

/// A rank from 0 drawn by Zipf's law with exponent s = 1/0.7 (continuous
/// approximation, capped at 2^40): among N draws about N^0.7 distinct ranks.
pub fn zipf_rank(rng: &mut Rng) -> u64 {
    const EXPONENT: f64 = 1.0 / 0.7;
    let u = ((rng.next_u64() >> 11) as f64 + 1.0) / (1u64 << 53) as f64;
    let rank = u.powf(-1.0 / (EXPONENT - 1.0));
    (rank.min((1u64 << 40) as f64) as u64).saturating_sub(1)
}

/// The Kyrgyz word form of a rank: a stem (the most frequent ranks are the
/// bare stems), then suffixes chosen by the digits of the rest of the rank,
/// each in the variant vowel harmony asks for.
pub fn push_kyrgyz(out: &mut String, rank: u64) {
    let stem = KY_STEMS[(rank % KY_STEMS.len() as u64) as usize];
    out.push_str(stem);
    let mut chain = rank / KY_STEMS.len() as u64;
    let mut harmony = harmony_of(stem);
    while chain > 0 {
        chain -= 1;
        let suffix = KY_SUFFIXES[(chain % KY_SUFFIXES.len() as u64) as usize];
        chain /= KY_SUFFIXES.len() as u64;
        let variant = suffix[harmony];
        out.push_str(variant);
        harmony = harmony_of(variant);
    }
}

/// The vowel class of the last vowel of a Kyrgyz word: back unrounded (а ы),
/// front unrounded (е и э), back rounded (о у), front rounded (ө ү).
fn harmony_of(word: &str) -> usize {
    for c in word.chars().rev() {
        match c {
            'а' | 'ы' | 'я' => return 0,
            'е' | 'и' | 'э' => return 1,
            'о' | 'у' | 'ю' => return 2,
            'ө' | 'ү' => return 3,
            _ => {}
        }
    }
    0
}

#[rustfmt::skip]
const KY_STEMS: &[&str] = &[
    "коом", "укук", "адам", "мамлекет", "аял", "жаш", "билим", "мектеп", "шаар", "айыл", "өлкө",
    "эл", "тил", "маалымат", "иш", "чек", "түрмө", "сот", "мыйзам", "эркиндик", "коопсуздук",
    "тынчтык", "зордук", "чыр", "жамаат", "уюм", "изилдөө", "саясат", "бийлик", "кызмат",
    "каражат", "долбоор", "талкуу", "сунуш", "жыйын", "окуу", "мугалим", "бала", "эне", "ата",
    "жер", "суу", "тоо", "жол", "күч", "ой", "сөз", "китеп", "кат", "убакыт", "жыл", "ай", "күн",
    "турмуш", "дин", "экстремизм", "терроризм", "коргоо", "жардам", "колдоо", "өнүгүү",
    "милиция", "укуктар", "өкмөт", "парламент", "шайлоо", "аймак", "район", "борбор", "тарых",
    "маданият", "эмгек", "ден", "соолук", "оорукана", "дарыгер", "журналист", "гезит", "радио",
    "интернет", "тармак", "байланыш", "келишим", "отчет", "максат", "натыйжа", "көйгөй",
    "чечим", "пикир", "ынтымак", "ишеним", "кайрымдуулук", "жоопкерчилик", "теңдик",
    "калк", "үй", "бүлө", "үмүт", "келечек", "мурас", "каада", "салт", "чөйрө", "табигат",
    "дарыя", "көл", "талаа", "мал", "дыйкан", "соода", "базар", "акча", "салык", "бюджет",
    "кеңеш", "комитет", "министрлик", "эксперт", "катышуучу", "жетекчи", "кызматкер",
    "жаран", "жарандык", "эмгекчи", "студент", "университет", "илим", "окумуштуу", "котормо",
    "сөздүк", "макала", "баяндама", "программа", "стратегия", "принцип", "стандарт",
    "милдет", "кепилдик", "мейкиндик", "чектөө", "санкция", "каттоо", "теңчилик", "туруктуулук",
    "кризис", "калыбына", "кызыкчылык", "мүмкүнчүлүк", "тажрыйба", "сабак", "көрсөткүч",
];

/// Suffixes (plural, cases, possessives, derivations), each in its four
/// vowel-harmony variants.
#[rustfmt::skip]
const KY_SUFFIXES: &[[&str; 4]] = &[
    ["лар", "лер", "лор", "лөр"], ["дын", "дин", "дун", "дүн"], ["га", "ге", "го", "гө"],
    ["ды", "ди", "ду", "дү"], ["да", "де", "до", "дө"], ["дан", "ден", "дон", "дөн"],
    ["ым", "им", "ум", "үм"], ["ың", "иң", "уң", "үң"], ["ы", "и", "у", "ү"],
    ["ыбыз", "ибиз", "убуз", "үбүз"], ["чы", "чи", "чу", "чү"], ["лык", "лик", "лук", "лүк"],
    ["дагы", "деги", "догу", "дөгү"], ["ыңар", "иңер", "уңар", "үңөр"], ["ча", "че", "чо", "чө"],
    ["сыз", "сиз", "суз", "сүз"], ["дай", "дей", "дой", "дөй"], ["чыл", "чил", "чул", "чүл"],
];

/// About 500 of the most common Chinese characters, most frequent first.
pub const COMMON_HAN: &str = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校";

#[rustfmt::skip]
pub const KY: Lang = Lang {
    code: "ky",
    model: Model::Agglutinative,
    determiners: &["бул", "ошол", "бардык", "көп", "ар бир", "биздин", "алардын"],
    adjectives: &["жаңы"],
    nouns: &["коом"],
    verbs: &[
        "колдойт", "талап кылат", "көрсөтөт", "сунуштайт", "камсыз кылат", "бекемдейт", "берет",
        "камтыйт", "чечет", "белгилейт", "чакырат", "сүрөттөйт", "изилдейт", "коргойт",
        "чектейт", "курат", "азайтат", "көбөйтөт", "түзөт", "жакшыртат", "таасир этет",
    ],
    prepositions: &["менен", "үчүн", "боюнча", "аркылуу", "жөнүндө", "ичинде", "арасында", "каршы"],
    conjunctions: &["жана", "бирок", "ал эми", "анткени", "себеби", "ошондуктан"],
    openers: &[
        "Иш жүзүндө,", "Бирок,", "Мындан тышкары,", "Бул контекстте,", "Натыйжада,",
        "Ошол эле учурда,", "Мисалы,", "Көп учурда,", "Баарынан мурда,", "Ошентсе да,",
    ],
    adjective_after_noun: false,
    comma: ",",
    semicolon: ";",
    thin_space: "\u{a0}",
    site_title: "Жарандык коомдун билим борбору (өндүрүмдүүлүк сыноосу)",
    site_description: "Жарандык коомдун каттары, кыскача баяндамалары, изилдөөлөрү, колдонмолору жана иш-чаралары.",
    section_titles: ["Каттар", "Кыскача баяндамалар", "Изилдөөлөр", "Колдонмолор", "Иш-чаралар"],
    section_description: "Ушул түрдөгү документтер, жаңылары биринчи.",
    table_header: ["Көрсөткүч", "Аймак", "Жыл", "Үлүш"],
    see: "Кара:",
    see_also: "Ошондой эле кара:",
    topics: &[
        "Адам укуктары", "Зордук-зомбулук экстремизминин алдын алуу", "Терроризмге каршы аракет",
        "Тынчтыкты бекемдөө", "Түрмөлөр жана камакта кармоо", "Аялдар жана гендер", "Жаштар",
        "Сөз эркиндиги", "Жарандык мейкиндик", "Мыйзамдын үстөмдүгү", "Билим берүү",
        "Интернеттеги зыян", "Реабилитация жана кайра интеграциялоо", "Жабырлануучулар",
        "Дин тутуу эркиндиги",
    ],
    regions: &[
        "Борбордук Азия", "Түштүк Кавказ", "Батыш Балкан", "Чыгыш Европа",
        "Жакынкы Чыгыш жана Түндүк Африка", "Сахель", "Батыш Европа", "Түндүк Америка",
    ],
};

#[rustfmt::skip]
pub const ZH: Lang = Lang {
    code: "zh",
    model: Model::Chinese,
    determiners: &["这些", "这个", "各", "许多", "所有", "我们的", "他们的"],
    adjectives: &[
        "有效的", "独立的", "可持续的", "地方", "国家", "区域", "国际", "包容的", "透明的",
        "负责任的", "弱势的", "相关的", "适当的", "全面的", "长期的", "实际的", "有限的",
        "重要的", "广泛的", "明确的", "具体的", "关键", "新的", "最近的", "当前的", "公民",
        "人类", "法律", "社会", "经济", "政治", "公共", "私营", "农村", "城市", "年轻的",
        "社区", "限制性的", "惩罚性的", "自愿的", "非正式的", "正式的", "结构性的", "根本的",
        "多语言的", "跨境的", "数字", "基本的", "性别", "民间",
    ],
    nouns: &[
        "社会", "组织", "权利", "预防", "极端主义", "恐怖主义", "建设和平", "社区", "妇女",
        "青年", "对话", "政策", "研究", "政府", "国家", "措施", "安全", "司法", "监狱", "康复",
        "重返社会", "拘留", "自由", "表达", "结社", "参与", "建议", "报告", "数据", "证据",
        "实践", "方案", "项目", "资金", "捐助者", "伙伴", "伙伴关系", "信任", "问责", "透明度",
        "监督", "法律", "立法", "框架", "执行", "监测", "评估", "影响", "风险", "因素", "不满",
        "边缘化", "歧视", "教育", "媒体", "平台", "语言", "翻译", "获取", "信息", "受害者",
        "幸存者", "家庭", "难民", "少数群体", "领导人", "当局", "警察", "法院", "律师",
        "维权者", "记者", "活动人士", "志愿者", "网络", "联盟", "能力", "培训", "讲习班",
        "圆桌会议", "磋商", "会议", "宣言", "决议", "战略", "准则", "原则", "标准", "义务",
        "保障", "空间", "限制", "制裁", "融资", "慈善机构", "登记", "包容", "平等", "韧性",
        "凝聚力", "冲突", "暴力", "危机", "恢复", "发展", "健康", "支持", "服务", "学校",
        "教师", "大学", "研究人员", "调查结果", "分析", "调查", "访谈", "方法", "地区", "国家",
        "边境", "城市", "村庄", "区县", "市政当局", "任务", "秘书处", "代表团", "专家",
        "利益攸关方", "参与者", "背景", "办法", "挑战", "教训", "成果", "优先事项", "需求",
    ],
    verbs: &[
        "支持", "要求", "表明", "建议", "确保", "破坏", "加强", "提供", "包括", "处理", "强调",
        "呼吁", "敦促", "注意到", "欢迎", "记录", "描述", "审查", "主张", "证明", "保护",
        "限制", "参与", "建立", "减少", "增加", "影响", "塑造", "反映", "指导", "促进", "防止",
        "依赖", "有助于", "回应", "借鉴", "侧重于", "改善", "维持", "补充", "巩固", "质疑",
    ],
    prepositions: &["的", "在", "对于", "与", "关于", "通过", "之间的", "针对", "根据", "在于"],
    conjunctions: &["和", "但是", "而", "因为", "虽然", "所以", "同时"],
    openers: &[
        "在实践中，", "然而，", "此外，", "在这种情况下，", "因此，", "与此同时，", "例如，",
        "在许多情况下，", "首先，", "尽管如此，",
    ],
    adjective_after_noun: false,
    comma: "，",
    semicolon: "；",
    thin_space: "",
    site_title: "公民社会知识中心（基准测试）",
    site_description: "为基准测试生成的公民社会信函、简报、研究、良好做法指南和活动。",
    section_titles: ["信函", "简报", "研究", "指南", "活动"],
    section_description: "此类文件，最新的在前。",
    table_header: ["指标", "地区", "年份", "比例"],
    see: "见",
    see_also: "另见",
    topics: &[
        "人权", "预防暴力极端主义", "反恐", "建设和平", "监狱和拘留", "妇女与性别", "青年",
        "言论自由", "公民空间", "法治", "教育", "网络危害", "康复与重返社会", "受害者和幸存者",
        "宗教自由",
    ],
    regions: &[
        "中亚", "南高加索", "西巴尔干", "东欧", "中东和北非", "萨赫勒", "西欧", "北美",
    ],
};

/// Text as Chinese writes it: the spaces between two characters of a
/// script written without spaces (or its punctuation) removed.
pub fn close_up_spaces(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let wide =
        |c: char| ('\u{3000}'..='\u{9FFF}').contains(&c) || ('\u{FF00}'..='\u{FFEF}').contains(&c);
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' && i > 0 && i + 1 < chars.len() && wide(chars[i - 1]) && wide(chars[i + 1]) {
            continue;
        }
        out.push(c);
    }
    out
}
