"""Which column names mean which semantic: exact names, last words, table context, flags, times."""

from __future__ import annotations

"""The fixed "now" of generated data: dates do not drift with the calendar, so a seed
gives the same data set next year."""
"""Faker calls per (locale, provider) pool."""
"""Produce ``n`` values from a block RNG."""
"""Values of rows ``start``..``stop - 1`` computed from the row number alone."""
"""Distinct multi-word / multi-sentence values prepared per (locale, provider, shape):
joining words per row costs microseconds, a pick from a prepared list a tenth of that."""
"""Every semantic by name."""

# Full (compact) column names -> semantics, tried in order until one fits the kind.
_EXACT: dict[str, tuple[str, ...]] = {}


def _add(names: str, *semantics: str) -> None:
    for n in names.split():
        _EXACT[n] = semantics


_add("email emailaddress mail email1 email2 contactemail useremail workemail", "email")
_add("username login handle nickname screenname nick userhandle loginname", "username")
_add("firstname givenname forename fname", "first_name")
_add("lastname surname familyname lname", "last_name")
_add("middlename", "middle_name")
_add("fullname displayname contactname ownername customername authorname author realname "
     "personname recipient recipientname sender sendername", "full_name")  # fmt: skip
_add("prefix salutation honorific", "name_prefix")
_add("gender sex", "gender", "gender_code")
_add("ssn socialsecuritynumber", "ssn")
_add("phone phonenumber mobile mobilephone mobilenumber telephone tel fax cell cellphone "
     "homephone workphone contactphone", "phone")  # fmt: skip
_add("job jobtitle occupation profession title position designation", "job_title")
_add("company companyname organization organisation employer businessname org firm "
     "companyname vendor supplier manufacturer brand affiliation institution",
     "company")  # fmt: skip
_add("slogan tagline catchphrase motto", "catch_phrase")
_add("department dept division", "department")
_add("street streetaddress addressline address1 line1 addressline1 billingaddress "
     "shippingaddress homeaddress", "street_address")  # fmt: skip
_add("streetname", "street_name")
_add("buildingnumber housenumber", "building_number")
_add("address fulladdress mailingaddress postaladdress", "address")
_add("city town cityname location locality", "city")
_add("state province region statename county district", "state")
_add("statecode stateabbr", "state_code")
_add("country countryname nationality", "country")
_add("countrycode countryiso iso2 countryalpha2", "country_code")
_add("zip zipcode postalcode postcode", "postal_code")
_add("lat latitude", "latitude")
_add("lng lon long longitude", "longitude")
_add("timezone tz tzname", "timezone")
_add("locale", "locale")
_add("language lang", "language_code", "language")
_add("languagename", "language")
_add("languagecode langcode", "language_code")
_add("currency currencycode", "currency_code")
_add("url website homepage link href uri webpage websiteurl profileurl referrer referer "
     "referrerurl refererurl", "url")  # fmt: skip
_add("avatar avatarurl image imageurl photo photourl picture pictureurl thumbnail "
     "thumbnailurl logo logourl", "image_url")  # fmt: skip
_add("domain domainname customdomain", "domain")
_add("subdomain subdomainname tenantsubdomain dnslabel", "subdomain")
_add("hostname host server", "hostname")
_add("ip ipaddress ipaddr ipv4 remoteaddr remoteip clientip lastip lastloginip", "ip_address")
_add("ipv6", "ipv6")
_add("mac macaddress macaddr", "mac_address")
_add("useragent", "user_agent")
_add("slug permalink", "slug")
_add("token secret authtoken sessiontoken sessionkey sessionid apitoken resettoken "
     "verificationtoken confirmationtoken invitetoken idempotencykey nonce", "token")  # fmt: skip
_add(
    "password passwordhash hashedpassword passwd pwd pwhash passwordhashed encryptedpassword",
    "password_hash",
)
_add("hash checksum digest fingerprint etag contenthash filehash", "hash")
_add("uuid guid externalid", "uuid_string")
_add("uuidhex hexuuid traceid", "uuid_hex", "uuid_string")
_add("mimetype contenttype mediatype", "mime_type")
_add("filename file attachment", "file_name")
_add("path filepath filelocation localpath", "file_path")
_add("extension ext fileextension", "file_extension")
_add("color colour", "color")
_add("hexcolor colorhex colorcode", "hex_color")
_add("productname", "product_name")
_add("sku", "sku")
_add("code reference ref ordernumber orderno ordercode referencenumber", "code")  # fmt: skip
_add("iban", "iban")
_add("swift bic swiftcode", "swift")
_add("isbn isbn13", "isbn")
_add("ean barcode ean13 gtin gtin13", "ean")
_add("cardnumber creditcard creditcardnumber ccnumber", "credit_card")
_add("licenseplate plate numberplate", "license_plate")
_add("version semver appversion", "version", "version_number")
_add("status", "status")
_add("priority", "priority", "priority_label")
_add("title headline subject caption", "title")
_add("description summary about details excerpt abstract", "description")
_add("body content text message article", "body")
_add("bio biography aboutme profile", "bio")
_add("comment comments note notes remark remarks feedback review", "comment")
_add("tag label keyword", "tag", "word")
_add("category topic", "category", "word")
_add("kind", "word")
_add("searchvector tsv documentvector", "tsvector")
_add("age", "age")
_add("quantity qty units", "quantity")
_add("stock inventory", "stock")
_add("count total", "count", "amount")
_add("rating stars", "rating")
_add("score points", "score")
_add("price unitprice cost listprice saleprice", "price")
_add("amount subtotal totalamount totalprice grandtotal", "amount")
_add("balance credit", "balance")
_add("salary wage income", "salary")
_add("fee tax shipping shippingcost", "fee")
_add("discount", "discount")
_add("percent percentage pct", "percent")
_add("rate interestrate ratio", "rate")
_add("year", "year")
_add("month", "month")
_add("day", "day")
_add("hour", "hour")
_add("weight", "weight")
_add("height", "height")
_add("width depth length", "dimension")
_add("duration durationseconds seconds elapsed", "duration")
_add("level", "level")
_add("sortorder ordering orderindex rank sequence displayorder", "position")
_add("views viewcount likes likecount clicks visits followers downloads", "popularity")
_add("port", "port")
_add("population", "population")
_add("temperature temp", "temperature")
_add("size filesize bytes", "file_size")
_add("birthdate dateofbirth dob birthday borndate", "birth_date")
_add("lastlogin lastseen lastactive lastloginat lastseenat lastactiveat", "last_seen_at")

# identifiers, hashes, tokens
_add("objectid mongoid", "object_id")
_add("ulid", "ulid")
_add("md5 md5sum md5hash md5checksum gravatarhash", "md5")
_add("sha1 sha1sum sha1hash sha1checksum", "sha1")
_add("sha sha256 sha256sum sha256hash sha256checksum", "sha256")
_add("sha512 sha512sum sha512hash", "sha512")
_add("commit commitsha commithash commitid gitsha gitcommit githash revision sourceversion "
     "headsha basesha mergesha", "git_sha")  # fmt: skip
_add("spanid parentspanid", "span_id")
_add("messageid internetmessageid", "message_id", "uuid_string")
_add("walletaddress ethaddress ethereumaddress", "eth_address")
_add("txhash transactionhash txid", "tx_hash")
_add("apikey apisecret clientsecret secretkey privatekey publishablekey accesskey "
     "accesskeyid", "api_key", "token")  # fmt: skip
_add("accesstoken refreshtoken idtoken jwt bearertoken", "jwt", "token")
_add("sessiondata", "session_data", "token")  # Django's Session.session_data
_add("objectrepr", "product_name", "title")  # Django's LogEntry.object_repr: str(obj)
_add("otpsecret totpsecret mfasecret twofactorsecret otpkey totpkey", "otp_secret")
_add("otp otpcode verificationcode pin pincode mfacode smscode twofactorcode", "otp_code")
_add("salt passwordsalt", "salt")
_add("scope scopes oauthscope", "oauth_scope")
_add("authprovider oauthprovider identityprovider loginprovider socialprovider idp",
     "auth_provider")  # fmt: skip
_add("role userrole accessrole memberrole", "user_role")
_add("permission permissionname", "permission")
_add("codename", "permission_codename")  # Django's Permission.codename: ``add_user``
# billing
_add("invoicenumber invoiceno invoiceref invoicecode", "invoice_number")
_add("trackingnumber trackingcode trackingid waybill", "tracking_number")
_add("confirmationcode bookingreference bookingref bookingcode pnr reservationcode",
     "confirmation_code")  # fmt: skip
_add("vat vatid vatnumber vatno vatin", "vat_id")
_add("taxid ein tin taxnumber fein", "tax_id")
_add("last4 cardlast4 lastfour cardlastfour", "card_last4")
_add("cardbrand cardtype cardnetwork", "card_brand")
_add("cardexpiry expiry expirydate cardexp", "card_expiry")
_add("cvv cvc cvv2 securitycode", "cvv")
_add("routingnumber aba abaroutingnumber", "routing_number")
_add("accountnumber bankaccount bankaccountnumber", "bank_account")
_add("paymentmethod paymenttype", "payment_method")
# commerce
_add("upc upca upccode", "upc")
_add("productcategory", "product_category")
_add("clothingsize shirtsize garmentsize", "clothing_size")
_add("material fabric", "material")
_add("uom unitofmeasure measureunit", "unit_of_measure")
_add("coupon couponcode promocode promo discountcode vouchercode voucher giftcode",
     "coupon_code")  # fmt: skip
_add("carrier shippingcarrier courier shippingprovider", "carrier")
_add("isin", "isin")
_add("ticker tickersymbol stocksymbol", "ticker")
_add("vin chassisnumber", "vin")
_add("serial serialnumber serialno", "serial_number")
_add("imei", "imei")
# content
_add("markdown bodymarkdown contentmarkdown", "markdown")
_add("html bodyhtml contenthtml", "html")
_add("tags keywords labels taglist", "tag_list")
_add("route urlpath endpoint requestpath", "url_path")
_add("emailsubject mailsubject", "email_subject")
_add("genre", "genre")
_add("icon iconname", "icon")
_add("emoji reaction", "emoji")
_add("languagetag bcp47 acceptlanguage", "language_tag")
# geo
_add("altitude elevation", "altitude")
_add("geohash", "geohash")
_add("awsregion cloudregion", "cloud_region")
_add("continent", "continent")
_add("utcoffset tzoffset gmtoffset timezoneoffset", "utc_offset")
_add("coordinates coords latlng latlon lnglat", "coordinates")
_add("iata iatacode airportcode airport", "airport_code")
_add("address2 addressline2 line2 secondaryaddress apartment suite", "address_line2")
# devices and networks
_add("os operatingsystem osname osversion", "operating_system")
_add("browser browsername", "browser")
_add("devicemodel phonemodel", "device_model")
_add("devicetype formfactor", "device_type")
_add("platform clientplatform", "platform")
_add("cidr subnet cidrblock", "cidr")
_add("httpmethod requestmethod verb", "http_method")
# ML and operations
_add("experimentname", "experiment_name")
_add("runname", "run_name")
_add("metricname metrickey metric", "metric_name")
_add("paramname paramkey parametername hyperparameter", "param_name")
_add("settingkey configkey preferencekey settingname optionname", "setting_key")
_add("artifacturi artifactlocation artifactpath artifacturl storagelocation storageuri "
     "storagepath bloburi blobpath objecturi objectkey s3uri s3key s3path gcsuri",
     "storage_uri")  # fmt: skip
_add("bucket bucketname", "bucket_name")
_add("branch branchname gitbranch headbranch basebranch gitref", "git_branch")
_add("dockerimage containerimage imagename imageref", "docker_image")
_add("imagetag dockertag containertag", "docker_tag")
_add("pathwithnamespace repopath repositorypath", "repo_path")
_add("repourl repositoryurl giturl cloneurl remoteurl", "repo_url")
_add("directory dir folder dirpath folderpath basedir workdir workingdirectory", "dir_path")
_add("environment env deployenvironment", "deploy_environment")
_add("loglevel", "log_level")
_add("currentstage modelstage", "model_stage")
_add("cron schedule cronexpression crontab cronschedule", "cron")
_add("eventtype eventname", "event_type")
_add("actiontype", "audit_action")
_add("severity", "severity")
_add("visibility privacy", "visibility")
_add("theme colorscheme", "theme")
_add("frequency recurrence billinginterval billingcycle billingperiod", "frequency")
_add("weekday dayofweek", "weekday")
# work and people
_add("teamname squad", "team_name")
_add("employeenumber employeeno staffnumber badgenumber payrollnumber employeecode",
     "employee_number")  # fmt: skip
_add("employmenttype contracttype", "employment_type")
_add("phoneextension phoneext", "phone_extension")
_add("maritalstatus", "marital_status")
_add("bloodtype bloodgroup", "blood_type")
_add("initials", "initials")
_add("twitter twitterhandle instagram socialhandle xhandle telegram", "social_handle")
_add("e164 phonee164 msisdn", "phone_e164")
_add("callingcode dialcode phonecode countrycallingcode dialingcode", "calling_code")
# travel, health, food, skills
_add("hotel hotelname", "hotel")
_add("airline airlinename carriername operatingcarrier marketingcarrier", "airline")
_add("seat seatnumber seatno", "seat")
_add("gate gatenumber boardinggate departuregate", "gate")
_add("hashtag", "hashtag")
_add("species", "species")
_add("ingredient ingredientname", "ingredient")
_add("symptom chiefcomplaint", "symptom")
_add("diagnosis", "diagnosis")
_add("skill skillname expertise competency", "skill")
_add("roomnumber roomno room", "room_number", "room_name")
_add("roomname meetingroom conferenceroom", "room_name")

# The last word of a longer name (``billing_city``, ``unit_price``, ``home_phone``).
_LAST: dict[str, str] = {}
for _word, _sem in {
    "email": "email", "phone": "phone", "mobile": "phone", "city": "city", "country": "country",
    "zip": "postal_code", "zipcode": "postal_code", "postcode": "postal_code",
    "url": "url", "link": "url", "website": "url", "homepage": "url",
    "domain": "domain", "subdomain": "subdomain", "ip": "ip_address", "street": "street_address",
    "address": "street_address", "state": "state", "price": "price", "amount": "amount",
    "cost": "price", "total": "amount", "balance": "balance", "fee": "fee", "tax": "fee",
    "count": "count", "quantity": "quantity", "qty": "quantity", "rating": "rating",
    "score": "score", "percent": "percent", "percentage": "percent", "rate": "rate",
    "title": "title", "description": "description", "summary": "description", "body": "body",
    "content": "body", "text": "body", "note": "comment", "notes": "comment",
    "comment": "comment", "message": "body", "token": "token", "key": "token",
    "secret": "token", "hash": "hash", "checksum": "hash", "password": "password_hash",
    "slug": "slug", "status": "status", "code": "code", "number": "code", "color": "color",
    "colour": "color", "currency": "currency_code", "timezone": "timezone", "tz": "timezone",
    "language": "language_code", "locale": "locale", "uuid": "uuid_string", "guid": "uuid_string",
    "lat": "latitude", "latitude": "latitude", "lng": "longitude", "lon": "longitude",
    "longitude": "longitude", "version": "version", "sku": "sku", "iban": "iban",
    "username": "username", "handle": "username", "label": "word", "tag": "tag",
    "category": "category", "type": "word", "path": "file_path", "filename": "file_name",
    "avatar": "image_url", "image": "image_url", "photo": "image_url", "logo": "image_url",
    "year": "year", "age": "age", "weight": "weight", "height": "height", "width": "dimension",
    "length": "dimension", "duration": "duration", "seconds": "duration", "size": "file_size",
    "views": "popularity", "likes": "popularity", "position": "position", "order": "position",
    "rank": "position", "priority": "priority", "level": "level", "port": "port",
    "salary": "salary", "discount": "discount", "hostname": "hostname", "host": "hostname",
    "md5": "md5", "sha1": "sha1", "sha256": "sha256", "sha512": "sha512", "sha": "sha256",
    "ipv4": "ip_address", "ipv6": "ipv6", "e164": "phone_e164", "digest": "hash",
    "commit": "git_sha", "branch": "git_branch", "uri": "url", "extension": "file_extension",
    "ext": "file_extension", "bic": "swift", "swift": "swift", "vat": "vat_id", "last4":
    "card_last4", "scope": "oauth_scope", "role": "user_role", "os": "operating_system",
    "browser": "browser", "platform": "platform", "environment": "deploy_environment",
    "env": "deploy_environment", "cron": "cron", "schedule": "cron", "bucket": "bucket_name",
    "salt": "salt", "otp": "otp_code", "isbn": "isbn", "ean": "ean", "upc": "upc",
    "initials": "initials", "subject": "title", "region": "state", "district": "state",
    "location": "city", "stage": "status", "directory": "dir_path", "folder": "dir_path",
    "theme": "theme", "referrer": "url", "referer": "url", "hashtag": "hashtag", "hotel": "hotel",
    "airline": "airline", "seat": "seat", "gate": "gate", "species": "species",
    "ingredient": "ingredient", "symptom": "symptom", "diagnosis": "diagnosis", "skill": "skill",
}.items():  # fmt: skip
    _LAST[_word] = _sem

PERSON_ROLES = frozenset(
    "guest owner assignee assigner reviewer approver requester reporter submitter creator "
    "author sender recipient addressee contact manager supervisor passenger traveler "
    "traveller patient doctor physician nurse dentist therapist driver rider pilot captain "
    "customer buyer seller landlord attendee participant candidate applicant student teacher "
    "instructor tutor coach employee coordinator organizer organiser beneficiary payee payer "
    "cardholder guardian witness interviewer interviewee inspector technician mechanic "
    "lecturer".split()
)
"""Words that name a person's role in a row: ``owner``, ``assignee``, ``project_manager``
hold a person's full name (a string column; an integer one is a key, not a name)."""
for _word in PERSON_ROLES:
    _LAST.setdefault(_word, "full_name")

_UNITS: dict[str, str] = {
    "kg": "kg", "kgs": "kg", "kilograms": "kg", "g": "g", "grams": "g", "gr": "g", "mg": "mg",
    "lb": "lb", "lbs": "lb", "pounds": "lb", "oz": "oz", "ounces": "oz", "t": "t", "tons": "t",
    "tonnes": "t", "km": "km", "kilometers": "km", "kilometres": "km", "m": "m", "meters": "m",
    "metres": "m", "cm": "cm", "centimeters": "cm", "centimetres": "cm", "mm": "mm",
    "millimeters": "mm", "millimetres": "mm", "mi": "mi", "miles": "mi", "ft": "ft",
    "feet": "ft", "in": "in", "inches": "in", "l": "l", "liters": "l", "litres": "l",
    "ltr": "l", "ml": "ml", "milliliters": "ml", "millilitres": "ml", "cl": "cl",
    "gal": "gal", "gallons": "gal",
}  # fmt: skip
"""A unit as the last word of a numeric column (``weight_kg``, ``length_mm``) -> its unit."""
_BARE_UNITS = frozenset("kg kgs kilograms mg lb lbs pounds oz km cm mm ml".split())
"""Units that say what is measured alone (``total_kg``); the others need a measured word
(``weight_g``, ``length_m``: a lone ``_m`` or ``_in`` may mean something else)."""
_MEASURED = frozenset(
    "weight mass height length width depth thickness diameter radius distance volume capacity "
    "size tall stature".split()
)
_HEIGHT_WORDS = frozenset("height tall stature".split())

_PERSON_TABLES = frozenset(
    "user person customer employee member author contact student teacher patient client "
    "agent owner staff profile driver player guest buyer seller subscriber "
    "attendee participant candidate applicant doctor manager admin reviewer".split()
)
_COMPANY_TABLES = frozenset(
    "company organization organisation org business vendor supplier manufacturer brand firm "
    "employer agency publisher merchant partner client_company tenant store shop bank brand "
    "affiliate institution account workspace".split()
)
_WORD_TABLES = frozenset("tag category label topic keyword".split())

_NAME_CONTEXT: dict[str, str] = {}
for _t in _PERSON_TABLES:
    _NAME_CONTEXT[_t] = "full_name"
for _t in _COMPANY_TABLES:
    _NAME_CONTEXT[_t] = "company"
for _t in _WORD_TABLES:
    _NAME_CONTEXT[_t] = "word"
for _t in PERSON_ROLES:  # passenger_name, patient_name: a person's full name
    _NAME_CONTEXT.setdefault(_t, "full_name")
_NAME_CONTEXT.update(
    {
        "country": "country", "city": "city", "state": "state", "product": "product_name",
        "item": "product_name", "article": "product_name", "good": "product_name",
        "first": "first_name", "last": "last_name", "middle": "middle_name", "full": "full_name",
        "display": "full_name", "given": "first_name", "family": "last_name",
        "file": "file_name", "domain": "domain", "host": "hostname", "street": "street_name",
        "language": "language", "currency": "currency_code", "color": "color",
        "department": "department", "team": "team_name", "job": "job_title",
        "group": "group_name", "role": "group_name", "usergroup": "group_name",
        "experiment": "experiment_name", "run": "run_name", "metric": "metric_name",
        "param": "param_name", "parameter": "param_name", "hyperparameter": "param_name",
        "setting": "setting_key", "bucket": "bucket_name", "branch": "git_branch",
        "event": "event_type", "permission": "permission", "genre": "genre", "squad": "team_name",
        "browser": "browser", "platform": "platform", "continent": "continent",
        "timezone": "timezone", "company": "company",
    }
)  # fmt: skip

_FLAG_PREFIX = frozenset(
    "is has can should allow allows enable enabled needs was did use uses show include".split()
)
_FLAG_TRUE = frozenset(
    "active enabled verified confirmed published visible available valid approved public "
    "subscribed".split()
)
_FLAG_FALSE = frozenset(
    "deleted archived banned blocked admin superuser staff suspended locked disabled "
    "hidden removed spam flagged test discarded trashed revoked expired cancelled canceled "
    "deactivated muted".split()
)

_TIME_SUFFIX = frozenset({"at", "on", "date", "time", "timestamp", "ts", "datetime", "dt", "when"})
_TIME_WORDS: dict[str, str] = {}
for _words, _sem in (
    ("created inserted added registered joined signup signed creation opened", "created_at"),
    ("updated modified changed edited lastmodified", "updated_at"),
    ("deleted removed archived cancelled canceled banned revoked discarded trashed locked "
     "suspended disabled deactivated blocked expired terminated withdrawn rejected "
     "refunded", "deleted_at"),
    ("published posted released sent delivered shipped paid completed finished confirmed "
     "closed approved verified processed ordered purchased occurred happened logged recorded "
     "submitted received", "event_at"),
    ("expires expiry expiration due until deadline renewal", "expires_at"),
    ("birth born", "birth_date"),
    ("start starts started begin begins began from", "starts_at"),
    ("end ends ended to finish", "ends_at"),
    ("last", "last_seen_at"),
    ("hired hire employed", "hired_at"),
):  # fmt: skip
    for _w in _words.split():
        _TIME_WORDS[_w] = _sem


_ORDER_WORDS = frozenset(("order", "purchase", "shipment", "delivery", "cart"))
_PAYMENT_WORDS = frozenset(("payment", "transaction", "charge", "refund", "invoice", "payout"))


_ADDRESS_WORDS = frozenset("city zip zipcode postcode postal country street address".split())


_SHORT_FORMS: dict[str, tuple[tuple[int, str], ...]] = {
    # A name whose long form does not fit a short column means its code:
    # ``country String(2)`` holds 'FR', ``state CHAR(2)`` 'CA', ``language String(5)`` 'en'.
    "state": ((3, "state_code"),),
    "country": ((2, "country_code"), (3, "country_code3"), (7, "country_code")),
    "country_code": ((3, "country_code3"),),
    "language": ((7, "language_code"),),
    "gender": ((3, "gender_code"),),
}


def _rules(*pairs: tuple[str, str]) -> tuple[tuple[frozenset[str], str], ...]:
    return tuple((frozenset(words.split()), sem) for words, sem in pairs)


_STORAGE = ("artifact storage bucket blob object file attachment upload dataset model backup "
            "asset export snapshot archive checkpoint media", "storage_uri")  # fmt: skip
_FILES = "file attachment upload document media asset image blob artifact object filename mime"
_PEOPLE = "employee staff contact person office user phone desk agent member directory"

_IN_TABLE: dict[str, tuple[tuple[frozenset[str], str], ...]] = {
    # A generic column word means what its table (or its own qualifier) is about:
    # ``email_addresses.address`` is an email, ``ip_addresses.address`` an IP.
    "address": _rules(("email mail emailaddress", "email"), ("ip ipaddress", "ip_address"),
                      ("wallet crypto ethereum eth", "eth_address"), ("mac", "mac_address")),
    "key": _rules(("metric", "metric_name"), ("param parameter hyperparameter", "param_name"),
                  ("setting config configuration preference option feature flag", "setting_key"),
                  ("api apikey credential access license", "api_key")),
    "path": _rules(("project repo repository namespace group", "repo_path"),
                   ("page route endpoint request redirect menu link url sitemap nav", "url_path"),
                   ("directory folder dir", "dir_path"), (_FILES, "file_path")),
    "extension": _rules((_FILES, "file_extension"), (_PEOPLE, "phone_extension")),
    "ext": _rules((_FILES, "file_extension"), (_PEOPLE, "phone_extension")),
    "uri": _rules(_STORAGE), "url": _rules(_STORAGE), "location": _rules(_STORAGE),
    "source": _rules(("artifact model modelversion dataset", "storage_uri")),
    "subject": _rules(("message mail email ticket notification inbox thread conversation "
                       "letter newsletter campaign", "email_subject")),
    "category": _rules(("product item catalog inventory merchandise sku listing offer shop "
                        "store", "product_category")),
    "rate": _rules(("tax vat gst sales", "tax_rate")),
    "size": _rules(("product item variant apparel garment shirt clothing shoe sku",
                    "clothing_size")),
    "role": _rules(("employee staff worker personnel", "job_title")),
    "title": _rules(("employee staff worker personnel job position vacancy", "job_title")),
    "level": _rules(("log audit", "log_level")),
    "method": _rules(("request log endpoint route webhook api access http call trace span",
                      "http_method"),
                     ("payment transaction charge order invoice checkout refund payout "
                      "subscription billing", "payment_method")),
    "action": _rules(("audit log activity history event change journal", "audit_action")),
    "type": _rules(("event webhook", "event_type"), ("device", "device_type"),
                   ("card", "card_brand"), ("payment transaction charge", "payment_method"),
                   ("employment contract", "employment_type")),
    "model": _rules(("device phone handset", "device_model")),
    "image": _rules(("container deployment pod service job workload task build release",
                     "docker_image")),
    "tag": _rules(("image container release docker build deploy deployment", "docker_tag")),
    "symbol": _rules(("stock security asset instrument ticker quote holding trade portfolio "
                      "equity", "ticker")),
    "stage": _rules(("model modelversion registeredmodel", "model_stage"),
                    ("deploy deployment release build pipeline", "deploy_environment")),
    "region": _rules(("server cluster bucket deployment instance node datacenter vm host "
                      "database cloud service aws", "cloud_region")),
    "provider": _rules(("account identity oauth social login auth connection credential sso",
                        "auth_provider")),
    "brand": _rules(("card paymentmethod", "card_brand")),
    "number": _rules(("invoice", "invoice_number"), ("employee staff", "employee_number"),
                     ("room suite cabin", "room_number"), ("seat", "seat"), ("gate", "gate"),
                     ("tracking shipment parcel package delivery", "tracking_number"),
                     ("card", "credit_card"), ("account bank", "bank_account"),
                     ("serial device", "serial_number")),
    "value": _rules(("token apikey secret credential", "token"), ("tag label", "word")),
    "code": _rules(("coupon promo voucher discount gift", "coupon_code"),
                   ("country", "country_code"), ("currency", "currency_code"),
                   ("language", "language_code"), ("airport", "airport_code"),
                   ("otp verification mfa", "otp_code"),
                   ("confirmation booking reservation", "confirmation_code")),
}  # fmt: skip

_NEAR: dict[str, tuple[tuple[frozenset[str], str], ...]] = {
    # ... and what its sibling columns are about: an ``extension`` beside a ``phone``.
    "extension": _rules(("phone telephone mobile fax", "phone_extension"),
                        ("filename mime mimetype size filesize contenttype", "file_extension")),
    "ext": _rules(("phone telephone mobile fax", "phone_extension"),
                  ("filename mime mimetype size filesize contenttype", "file_extension")),
    "address": _rules(("city zip zipcode postcode postal postalcode state country district",
                       "street_address")),
    # Django's Permission: a ``name`` beside its ``codename`` reads "Can add user"
    "name": _rules(("codename", "permission_label")),
}  # fmt: skip

_ID_BY_LENGTH: tuple[tuple[int, str], ...] = ((24, "object_id"), (26, "ulid"), (32, "uuid_hex"))
"""A string ``*_id`` / ``*_uuid`` of exactly this length holds this identifier; longer (or
unbounded) ones hold a hyphenated UUID."""
