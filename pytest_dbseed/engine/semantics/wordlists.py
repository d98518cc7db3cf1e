"""Fixed lists of values that real columns hold: categories, statuses, devices, regions...

Each list is what a column of that meaning holds in real data, most common first where it
matters. A unique column extends its list past its end (``Sales``, ``Sales West``...).
"""

from __future__ import annotations

CARD_BRANDS = ("visa", "mastercard", "amex", "discover", "jcb", "diners", "unionpay")
PAYMENT_METHODS = ("card", "card", "bank_transfer", "paypal", "apple_pay", "google_pay",
                   "sepa_debit", "klarna", "cash")  # fmt: skip
PRODUCT_CATEGORIES = (
    "Electronics", "Books", "Home & Kitchen", "Clothing", "Shoes", "Toys & Games", "Sports",
    "Beauty", "Health", "Grocery", "Garden", "Automotive", "Office Supplies", "Pet Supplies",
    "Jewelry", "Music", "Movies", "Tools", "Baby", "Furniture",
)  # fmt: skip
CLOTHING_SIZES = ("XS", "S", "M", "M", "L", "L", "XL", "XXL")
MATERIALS = ("Cotton", "Polyester", "Wool", "Linen", "Silk", "Leather", "Denim", "Steel",
             "Aluminum", "Oak", "Walnut", "Glass", "Ceramic", "Bamboo", "Nylon")  # fmt: skip
UNITS = ("pcs", "kg", "g", "lb", "oz", "m", "cm", "l", "ml", "box", "pack", "pair")
CARRIERS = ("UPS", "FedEx", "DHL", "USPS", "DPD", "GLS", "Royal Mail", "La Poste", "PostNL")
GENRES = ("Rock", "Pop", "Jazz", "Classical", "Hip Hop", "Electronic", "Blues", "Country",
          "Metal", "Reggae", "Folk", "Soul", "Drama", "Comedy", "Thriller", "Documentary",
          "Science Fiction", "Fantasy", "Romance", "Mystery")  # fmt: skip
CONTINENTS = ("Africa", "Antarctica", "Asia", "Europe", "North America", "Oceania",
              "South America")  # fmt: skip
DEVICE_TYPES = ("desktop", "mobile", "mobile", "tablet", "tv", "wearable")
PLATFORMS = ("web", "ios", "android", "windows", "macos", "linux")
BROWSERS = ("Chrome", "Chrome", "Safari", "Firefox", "Edge", "Opera", "Samsung Internet",
            "Brave")  # fmt: skip
OPERATING_SYSTEMS = ("Windows 11", "Windows 10", "macOS 14.4", "macOS 13.6", "Ubuntu 22.04",
                     "Ubuntu 24.04", "Debian 12", "iOS 17.4", "Android 14", "Android 13",
                     "Fedora 39", "ChromeOS 122")  # fmt: skip
DEVICE_MODELS = ("iPhone 15", "iPhone 14 Pro", "iPhone 13", "Pixel 8", "Pixel 7a",
                 "Galaxy S24", "Galaxy A54", "iPad Air", "MacBook Pro", "ThinkPad X1 Carbon",
                 "XPS 13", "Surface Pro 9", "OnePlus 12", "Xperia 1 V")  # fmt: skip
HTTP_METHODS = ("GET", "GET", "GET", "POST", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
ENVIRONMENTS = ("production", "staging", "development", "test", "qa", "preview")
LOG_LEVELS = ("INFO", "INFO", "INFO", "DEBUG", "WARNING", "ERROR", "CRITICAL")
MODEL_STAGES = ("None", "Staging", "Production", "Archived")
SEVERITIES = ("low", "medium", "high", "critical", "info")
VISIBILITIES = ("public", "private", "internal", "unlisted")
THEMES = ("light", "dark", "system")
FREQUENCIES = ("daily", "weekly", "monthly", "quarterly", "yearly", "hourly")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EMPLOYMENT_TYPES = ("full-time", "full-time", "part-time", "contractor", "intern", "temporary")
MARITAL_STATUSES = ("single", "married", "divorced", "widowed", "separated",
                    "domestic partnership")  # fmt: skip
BLOOD_TYPES = ("O+", "A+", "B+", "AB+", "O-", "A-", "B-", "AB-")
AUTH_PROVIDERS = ("email", "google", "github", "microsoft", "apple", "gitlab", "okta", "saml")
USER_ROLES = ("member", "member", "admin", "owner", "editor", "viewer", "guest", "moderator")
AUDIT_ACTIONS = ("create", "update", "delete", "login", "logout", "view", "export", "invite",
                 "approve", "reject")  # fmt: skip
METRIC_NAMES = ("accuracy", "loss", "val_loss", "val_accuracy", "f1_score", "precision",
                "recall", "auc", "rmse", "mae", "learning_rate", "epoch_time", "throughput",
                "latency_p95", "train_loss", "perplexity")  # fmt: skip
PARAM_NAMES = ("learning_rate", "batch_size", "epochs", "optimizer", "dropout", "max_depth",
               "n_estimators", "weight_decay", "momentum", "hidden_size", "num_layers", "seed",
               "warmup_steps", "max_seq_length", "model_name")  # fmt: skip
CLOUD_REGIONS = ("us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1",
                 "eu-north-1", "ap-southeast-1", "ap-northeast-1", "sa-east-1", "ca-central-1",
                 "europe-west4", "us-central1", "westeurope", "eastus")  # fmt: skip
AIRPORTS = ("ATL", "LAX", "ORD", "DFW", "DEN", "JFK", "SFO", "SEA", "LAS", "MCO", "LHR", "CDG",
            "AMS", "FRA", "IST", "MAD", "BCN", "MUC", "FCO", "DUB", "ZRH", "VIE", "CPH", "OSL",
            "HND", "NRT", "ICN", "PEK", "PVG", "HKG", "SIN", "BKK", "DXB", "DOH", "DEL", "BOM",
            "SYD", "MEL", "YYZ", "YVR", "MEX", "GRU", "EZE", "JNB", "CAI")  # fmt: skip
TICKERS = ("AAPL", "MSFT", "GOOGL", "AMZN", "NVDA", "META", "TSLA", "BRK.B", "JPM", "V", "UNH",
           "XOM", "JNJ", "WMT", "MA", "PG", "HD", "CVX", "KO", "PEP", "ORCL", "INTC", "CSCO",
           "ADBE", "CRM", "NFLX", "AMD", "SAP", "ASML", "NVO", "TM", "SONY", "BABA",
           "SHEL")  # fmt: skip
ICONS = ("home", "user", "settings", "bell", "star", "heart", "search", "mail", "calendar",
         "chart-bar", "folder", "file", "lock", "globe", "camera", "shopping-cart", "tag",
         "trash", "check-circle", "info-circle")  # fmt: skip
EMOJIS = ("👍", "❤️", "😂", "🎉", "🔥", "😮", "😢", "🙏", "👀", "🚀", "✅", "💯")
UTC_OFFSETS = ("-08:00", "-07:00", "-06:00", "-05:00", "-04:00", "-03:00", "+00:00", "+01:00",
               "+02:00", "+03:00", "+04:00", "+05:30", "+07:00", "+08:00", "+09:00", "+10:00",
               "+12:00")  # fmt: skip
LANGUAGE_TAGS = ("en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "es-MX", "it-IT", "pt-BR",
                 "nl-NL", "pl-PL", "sv-SE", "ja-JP", "zh-CN", "ko-KR", "ru-RU",
                 "tr-TR")  # fmt: skip
DEPARTMENTS = (
    "Engineering", "Sales", "Marketing", "Finance", "Human Resources", "Legal", "Operations",
    "Support", "Research", "Procurement", "Design", "Security",
)  # fmt: skip
GROUP_NAMES = (
    "Administrators", "Editors", "Support", "Moderators", "Staff", "Managers", "Developers",
    "Billing admins", "Reviewers", "Viewers", "Authors", "Contributors", "Sales", "Marketing",
    "Finance", "Operations", "Customer success", "Content editors", "Analysts", "Auditors",
    "Publishers", "Beta testers", "Partners", "Contractors", "Human resources", "Legal",
    "Security", "Engineering", "Designers", "Product managers", "Account managers",
    "Help desk", "Translators", "Curators", "Maintainers", "Owners", "Power users",
    "Read-only users", "Super admins", "Guests", "Volunteers", "Interns", "QA testers",
    "Data team", "On-call engineers", "Event organizers", "Premium members", "Subscribers",
)  # fmt: skip
"""Names of groups of users and of roles (Django's ``auth_group``, a ``roles`` table)."""
STATUSES = ("active", "pending", "inactive", "archived", "draft", "completed")
ORDER_STATUSES = ("pending", "paid", "shipped", "delivered", "cancelled", "refunded")
PAYMENT_STATUSES = ("pending", "succeeded", "failed", "refunded")
PRIORITY_LABELS = ("low", "medium", "high", "urgent")
GENDERS = ("female", "male", "non-binary", "unspecified")

# travel, health, food, work, content: small themed lists (a unique column extends them)
_HOTEL_FIRST = ("Grand", "Royal", "Golden", "Silver", "Blue", "Old", "Little", "Park", "City",
                "Sea", "Lake", "Garden", "Crown", "Alpine", "Sunset", "Palm")  # fmt: skip
_HOTEL_SECOND = ("Harbor", "Plaza", "Bay", "View", "Court", "Gate", "Hill", "Bridge", "Square",
                 "Tower", "Meadow", "River", "Pines", "Sands", "Cove", "Ridge")  # fmt: skip
_HOTEL_KIND = ("Hotel", "Hotel", "Hotel", "Inn", "Resort", "Suites", "Lodge")
HOTELS = tuple(f"{a} {b} {k}" for a in _HOTEL_FIRST for b in _HOTEL_SECOND
               for k in dict.fromkeys(_HOTEL_KIND))  # fmt: skip
_AIRLINE_FIRST = ("Pacific", "Atlantic", "Northern", "Southern", "Blue Sky", "Sun", "Coastal",
                  "Alpine", "Global", "Royal", "Island", "Polar", "Desert", "Silver", "Eagle",
                  "Continental")  # fmt: skip
_AIRLINE_KIND = ("Airways", "Airlines", "Air")
AIRLINES = tuple(f"{a} {k}" for a in _AIRLINE_FIRST for k in _AIRLINE_KIND)
SEATS = tuple(f"{row}{letter}" for row in range(1, 41) for letter in "ABCDEF")
GATES = tuple(f"{letter}{n}" for letter in "ABCDE" for n in range(1, 41))
ROOMS = (
    *(f"Room {floor}{n:02d}" for floor in range(1, 6) for n in (1, 2, 4, 5, 8, 10, 12, 15)),
    *(f"{kind} {x}" for kind in ("Conference Room", "Meeting Room", "Studio", "Lab", "Suite")
      for x in "ABCD"),
    "Board Room", "Training Room", "Auditorium", "Library", "Lounge", "Main Hall",
)  # fmt: skip
HASHTAGS = ("#summer", "#travel", "#food", "#fitness", "#love", "#photography", "#nature",
            "#music", "#art", "#style", "#tbt", "#motivation", "#coffee", "#weekend",
            "#sunset", "#beach", "#foodie", "#tech", "#books", "#family")  # fmt: skip
SPECIES = ("Dog", "Cat", "Rabbit", "Horse", "Hamster", "Guinea Pig", "Parrot", "Canary",
           "Goldfish", "Turtle", "Ferret", "Cow", "Sheep", "Goat", "Pig", "Chicken",
           "Red Fox", "Gray Wolf", "Brown Bear", "Bald Eagle")  # fmt: skip
INGREDIENTS = ("Flour", "Sugar", "Butter", "Eggs", "Milk", "Salt", "Olive Oil", "Garlic",
               "Onion", "Tomato", "Basil", "Black Pepper", "Lemon", "Rice", "Chicken Breast",
               "Parmesan", "Honey", "Ginger", "Carrot", "Yogurt")  # fmt: skip
SYMPTOMS = ("Headache", "Fever", "Cough", "Fatigue", "Nausea", "Sore throat", "Dizziness",
            "Shortness of breath", "Chest pain", "Back pain", "Rash", "Runny nose",
            "Muscle aches", "Chills", "Loss of appetite", "Insomnia", "Abdominal pain",
            "Joint pain")  # fmt: skip
DIAGNOSES = ("Hypertension", "Type 2 diabetes", "Asthma", "Migraine", "Influenza",
             "Bronchitis", "Pneumonia", "Sinusitis", "Gastroenteritis", "Anemia",
             "Hypothyroidism", "Depression", "Anxiety disorder", "Osteoarthritis",
             "Urinary tract infection", "Allergic rhinitis", "Eczema", "GERD")  # fmt: skip
SKILLS = ("Python", "SQL", "Project Management", "Public Speaking", "Data Analysis", "Java",
          "Leadership", "Communication", "Excel", "Negotiation", "JavaScript",
          "Customer Service", "Machine Learning", "Graphic Design", "Copywriting",
          "Accounting", "Docker", "Kubernetes")  # fmt: skip
TAGS = ("featured", "new", "sale", "popular", "trending", "summer", "classic", "eco",
        "limited", "gift", "bestseller", "premium", "organic", "handmade", "vintage",
        "outdoor", "travel", "tech", "family", "urgent")  # fmt: skip
CATEGORIES = ("news", "sports", "technology", "business", "health", "travel", "food",
              "lifestyle", "entertainment", "science", "education", "finance", "fashion",
              "music", "gaming", "politics", "culture", "home")  # fmt: skip

# word stock for composed values
ADJECTIVES = ("amazing", "bold", "brave", "bright", "calm", "clever", "crisp", "dapper",
              "eager", "gentle", "glad", "honest", "jolly", "keen", "lucky", "merry", "nimble",
              "polite", "proud", "quick", "quiet", "rare", "shiny", "silent", "smart", "sunny",
              "swift", "tidy", "vivid", "wise", "zealous", "able")  # fmt: skip
ANIMALS = ("ant", "bat", "bear", "bee", "cat", "colt", "crab", "crow", "deer", "dog", "dove",
           "duck", "eel", "elk", "fox", "frog", "goat", "hare", "hawk", "hen", "lamb", "lark",
           "lion", "mole", "moth", "mule", "newt", "owl", "ox", "ram", "seal", "shrew", "snail",
           "swan", "toad", "trout", "wasp", "whale", "wolf", "wren", "yak", "zebra")  # fmt: skip
TEAM_ANIMALS = ("Falcons", "Wolves", "Otters", "Ravens", "Tigers", "Foxes", "Sharks", "Badgers",
                "Hawks", "Panthers", "Owls", "Dragons", "Lynxes", "Bisons", "Cobras",
                "Hornets")  # fmt: skip
TEAM_ADJECTIVES = ("Crimson", "Silent", "Golden", "Iron", "Midnight", "Electric", "Rapid",
                   "Northern", "Cosmic", "Null", "Binary", "Rogue", "Lucky", "Stealthy",
                   "Quantum", "Blue")  # fmt: skip
MODELS = ("resnet50", "bert-base", "xgboost", "lightgbm", "random-forest", "gpt2", "t5-small",
          "vit-b16", "unet", "lstm", "yolov8", "distilbert", "efficientnet-b0",
          "logreg")  # fmt: skip
DATASETS = ("cifar10", "imagenet", "mnist", "squad", "imdb", "churn", "fraud", "sales",
            "sentiment", "coco", "wikitext", "titanic")  # fmt: skip
PURPOSES = ("baseline", "lr-sweep", "tuning", "ablation", "finetune", "eval", "v2", "prod",
            "augmented", "distill", "longer-training", "bigger-batch")  # fmt: skip
SERVICES = ("api", "web", "worker", "auth", "billing", "checkout", "search", "gateway",
            "notifications", "scheduler", "ingest", "frontend", "admin", "reports")  # fmt: skip
TEAMS = ("platform", "payments", "growth", "data", "infra", "mobile", "core", "ml", "ops",
         "security", "identity", "commerce")  # fmt: skip
FEATURES = ("login", "signup", "search", "checkout", "dark-mode", "export", "pagination",
            "caching", "retry", "rate-limit", "webhooks", "i18n", "audit-log", "sso")  # fmt: skip
ENTITIES = ("user", "order", "invoice", "payment", "subscription", "customer", "account",
            "project", "message", "file", "session", "product")  # fmt: skip
EVENT_VERBS = ("created", "updated", "deleted", "completed", "failed", "paid", "sent",
               "opened", "cancelled", "renewed")  # fmt: skip
SCOPES = ("openid", "profile", "email", "offline_access", "read", "write", "admin",
          "read:user", "repo", "users:read", "orders:write")  # fmt: skip
ACTIONS = ("read", "write", "create", "update", "delete", "manage", "export")
SETTING_GROUPS = ("notifications", "privacy", "appearance", "security", "billing", "email",
                  "display", "editor", "integrations")  # fmt: skip
SETTING_NAMES = ("enabled", "digest", "frequency", "theme", "language", "timezone",
                 "two_factor", "auto_save", "sound", "weekly_report",
                 "marketing_emails")  # fmt: skip
CRONS = ("0 * * * *", "*/5 * * * *", "*/15 * * * *", "0 */6 * * *", "0 0 * * *",
         "30 2 * * *", "0 9 * * 1-5", "0 0 * * 0", "0 0 1 * *", "15 3 * * 1")  # fmt: skip
SUBJECT_OPENERS = ("", "", "", "Re: ", "Fwd: ", "Re: ", "[Action required] ", "Reminder: ")
SUBJECT_TOPICS = ("Quarterly report", "Invoice", "Meeting notes", "Your order", "Welcome aboard",
                  "Password reset", "Project update", "Schedule change", "Contract draft",
                  "Weekly summary", "Follow-up", "Interview", "Feedback request",
                  "Shipping confirmation", "Team offsite")  # fmt: skip
COUPON_WORDS = ("SUMMER", "WINTER", "SPRING", "WELCOME", "SAVE", "FREESHIP", "VIP", "FLASH",
                "BLACKFRIDAY", "HOLIDAY", "BACK2SCHOOL", "LOYAL")  # fmt: skip
BUCKET_WORDS = ("artifacts", "uploads", "backups", "logs", "media", "exports", "models",
                "datasets", "assets", "reports")  # fmt: skip
FILE_EXTENSIONS = ("pdf", "png", "jpg", "csv", "docx", "xlsx", "txt", "zip", "json", "mp4",
                   "svg", "gif", "md", "pptx", "gz", "mp3", "webp", "html", "xml",
                   "py")  # fmt: skip
DIRECTORIES = ("/var/lib/app/data", "/srv/uploads", "/home/deploy/files", "/opt/app/storage",
               "/data/exports", "/mnt/shared/reports", "/tmp/import", "uploads/2024/05",
               "documents/shared", "static/media")  # fmt: skip

# country tables: ISO 3166 alpha-2 -> calling code, currency
CALLING_CODES: dict[str, str] = {
    "US": "1", "CA": "1", "GB": "44", "IE": "353", "DE": "49", "AT": "43", "CH": "41",
    "FR": "33", "BE": "32", "NL": "31", "LU": "352", "ES": "34", "PT": "351", "IT": "39",
    "DK": "45", "SE": "46", "NO": "47", "FI": "358", "PL": "48", "CZ": "420", "SK": "421",
    "HU": "36", "RO": "40", "BG": "359", "GR": "30", "HR": "385", "SI": "386", "RS": "381",
    "UA": "380", "RU": "7", "TR": "90", "IL": "972", "EG": "20", "ZA": "27", "NG": "234",
    "KE": "254", "IN": "91", "PK": "92", "BD": "880", "CN": "86", "TW": "886", "HK": "852",
    "JP": "81", "KR": "82", "TH": "66", "VN": "84", "PH": "63", "ID": "62", "MY": "60",
    "SG": "65", "AU": "61", "NZ": "64", "BR": "55", "AR": "54", "CL": "56", "CO": "57",
    "MX": "52", "PE": "51", "VE": "58", "IR": "98", "SA": "966", "AE": "971", "EE": "372",
    "LV": "371", "LT": "370", "GE": "995", "AM": "374", "AZ": "994", "NP": "977",
}  # fmt: skip

CURRENCIES: dict[str, str] = {
    "US": "USD", "CA": "CAD", "GB": "GBP", "IE": "EUR", "DE": "EUR", "AT": "EUR", "CH": "CHF",
    "FR": "EUR", "BE": "EUR", "NL": "EUR", "LU": "EUR", "ES": "EUR", "PT": "EUR", "IT": "EUR",
    "DK": "DKK", "SE": "SEK", "NO": "NOK", "FI": "EUR", "PL": "PLN", "CZ": "CZK", "SK": "EUR",
    "HU": "HUF", "RO": "RON", "BG": "BGN", "GR": "EUR", "HR": "EUR", "SI": "EUR", "RS": "RSD",
    "UA": "UAH", "RU": "RUB", "TR": "TRY", "IL": "ILS", "EG": "EGP", "ZA": "ZAR", "NG": "NGN",
    "KE": "KES", "IN": "INR", "PK": "PKR", "BD": "BDT", "CN": "CNY", "TW": "TWD", "HK": "HKD",
    "JP": "JPY", "KR": "KRW", "TH": "THB", "VN": "VND", "PH": "PHP", "ID": "IDR", "MY": "MYR",
    "SG": "SGD", "AU": "AUD", "NZ": "NZD", "BR": "BRL", "AR": "ARS", "CL": "CLP", "CO": "COP",
    "MX": "MXN", "PE": "PEN", "VE": "VES", "IR": "IRR", "SA": "SAR", "AE": "AED", "EE": "EUR",
    "LV": "EUR", "LT": "EUR", "GE": "GEL", "AM": "AMD", "AZ": "AZN", "NP": "NPR",
}  # fmt: skip
