"""Recall of the person search on names typed the way volunteers type them.

``measure()`` makes a few thousand fictional people from given and family names of the
origins met at French help desks (Maghreb and other Arabic-speaking countries, Afghanistan —
Dari and Pashto —, Iran, Eritrea — Tigrinya —, Russia, Ukraine and Chechnya, West Africa —
Fula, Mandinka, Wolof, Soninke —, Turkey, Kurdistan). Each name has a usual French spelling,
the other transcriptions met on documents and in files, and, for most origins, its original
script. Given names are drawn with a Zipf law (a few very common names), family names more
evenly; some people have a second given name or their father's name. A person's file holds the
usual spelling as ``name`` and sometimes, as ``spellings``, the original script and/or another
transcription (as on a passport).

For each person, 1 to 3 queries are typed the way a volunteer would: another transcription of
one or both names (``transcription``), a slip on the usual spelling (letter dropped, doubled,
swapped, vowel changed: ``typo``), the family name first, in capitals or not
(``family-first``), the original script (``script``), or the family name with the birth year
(``family-year``); usually in lower case without accents, often with the first given name only.
Every query runs through ``permanence.cases.search.person_search`` (the production code, on the
database Django is configured with) restricted to the bench's own group, inside a transaction
rolled back at the end: nothing is left in the database.

Figures (``measure`` returns them in a dict):

* ``recall_at_5``: share of queries whose very person is among the first five results (a
  homonym does not count).
* ``recall_at_1``: the same for the first result.
* ``ambiguous_queries``: share of queries that describe at least five other people as well as
  the person sought (see below): no search can be sure to list the right one in five.
  ``recall_at_5_unambiguous`` is the recall at 5 of the other queries.
* ``recall_at_5_or_homonyms``: share of queries whose first five results hold the person
  sought, or are five true homonyms (defined below): the volunteer sees five people with the
  name typed and adds the birth year. Reported beside ``recall_at_5``, never instead of it.
* ``precision_at_5``: for each query, among its first ``k = min(5, number of results)``
  results, the share that are *relevant*: the person sought or a true homonym, that is another
  person whose usual names include every name the query was typed from (same family name, and
  the given names typed among theirs) and, when the query holds a birth year, born that year;
  0 for a query without results; averaged over queries. The search drops people scoring far
  below the best one, so this measures the noise on the first screen.
* ``mean_results``: mean number of results per query (``limit`` = 20).
* ``search_ms_median``, ``search_ms_p95``: time of one ``person_search`` call (database
  queries and re-ranking), ``index_ms_per_person``: time to compute and store one person's
  tokens, ``tokens_per_person``: rows of ``SearchToken`` per person.
* ``people_with_a_homonym``: share of people sharing their usual full name with someone.
* ``by_variant``, ``by_origin``: recall at 5 per kind of query and per origin;
  ``worst_family_names``: the family names whose queries are found least often.

Run against a throwaway database::

    export PERMANENCE_VAR_DIR=$(mktemp -d) DJANGO_SETTINGS_MODULE=permanence.settings
    .venv/bin/python manage.py migrate -v0
    .venv/bin/python -m bench.name_variants [--names 3000] [--seed 1] [--misses 20] [--json]
    .venv/bin/python -m bench.name_variants --names 10000 --sample 600  # a big group, sampled
"""

import argparse
import json
import random
import statistics
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

TARGET_RECALL_AT_5 = 0.95
RESULTS_LIMIT = 20

# Name data --------------------------------------------------------------------------------------
# One name a line: "usual French spelling | other transcriptions, comma-separated | script".
# The transcriptions are the ones met on passports, registration documents and in files (French,
# English, German, Italian, Turkish and national conventions), not made up to suit the search.

MAGHREB_GIVEN = """
Mohamed | Mohammed, Muhammad, Mohammad, Mouhamed, Mohamad, Mohamd, Muhamed | محمد
Ahmed | Ahmad, Ahmet, Achmed, Ahmid | أحمد
Youssef | Yusuf, Yousef, Youcef, Yousseff, Youssif, Yossef | يوسف
Fatima | Fatma, Fatimah, Fatema, Fadma | فاطمة
Khadija | Khadidja, Kadija, Hadija, Khadeeja, Khedidja | خديجة
Abdelkader | Abdel Kader, Abdelkadir, Abd al-Qadir, Abdulkadir, Abdelkhader, Abdulqadir | عبد القادر
Abderrahmane | Abdel Rahman, Abdelrahman, Abd al-Rahman, Abdurrahman, Abderahmane | عبد الرحمن
Said | Saïd, Saeed, Sayed, Saiid, Saied | سعيد
Karim | Kareem, Kerim, Krim, Karime | كريم
Mustapha | Mustafa, Moustafa, Moustapha, Mostafa, Mostefa | مصطفى
Omar | Umar, Oumar, Omer, Omarr | عمر
Ali | Aly, Alli, Aliy | علي
Hassan | Hasan, Hassane, Hacen, Hasen | حسن
Hussein | Hussain, Houssein, Hocine, Husayn, Hossein, Hussien | حسين
Ibrahim | Brahim, Ebrahim, Ibraheem, Ibrahime | إبراهيم
Ismail | Ismaël, Smail, Esmail, Ismayil, Ismael | إسماعيل
Khaled | Khalid, Haled, Khaleed, Khalled | خالد
Walid | Oualid, Waleed, Ualid, Walide | وليد
Rachid | Rashid, Rachide, Rasheed, Rached | رشيد
Amina | Aminah, Ameena, Emina, Amena | أمينة
Aïcha | Aisha, Aicha, Aïsha, Ayesha, Aycha, Aischa | عائشة
Zineb | Zeinab, Zaynab, Zainab, Zeynab, Zinab | زينب
Samira | Sameera, Smira, Samirah | سميرة
Leïla | Leila, Layla, Laila, Leyla, Lyla | ليلى
Meriem | Maryam, Mariam, Myriam, Mariem, Meryem | مريم
Soufiane | Sofiane, Sufyan, Soufyane, Sofian, Sufian | سفيان
Bilal | Belal, Billal, Bilel | بلال
Hamza | Hamsa, Hamzah, Hamze | حمزة
Tarek | Tariq, Tarik, Tarak, Tareq | طارق
Jamal | Djamel, Jamel, Gamal, Djamal, Jamaal | جمال
Nabil | Nabeel, Nabile, Nebil | نبيل
Yassine | Yacine, Yasin, Yassin, Yasine | ياسين
Mahmoud | Mahmud, Mahmood, Mahmout, Mahmod | محمود
Abdallah | Abdullah, Abdellah, Abdallahi, Abdoullah | عبد الله
Nour | Nur, Noor, Nourr | نور
Adam | Adem, Aadam, Edam | آدم
Suleiman | Sulayman, Slimane, Soliman, Souleiman, Sleiman | سليمان
Amine | Amin, Emine, Ameen | أمين
Redouane | Ridouane, Ridwan, Redwan, Radouane | رضوان
Kamel | Kamal, Kemal, Kamil | كمال
Hakim | Hakeem, Hakime, Akim | حكيم
Salim | Salem, Saleem, Selim | سليم
Nadia | Nadiya, Nadja, Nedia | نادية
Souad | Suad, Souade, Soad | سعاد
Houda | Huda, Hoda, Houdaa | هدى
Malika | Malikah, Maleka, Melika | مليكة
Rachida | Rashida, Rachidah, Rasheeda | رشيدة
Naïma | Naima, Naeema, Naema | نعيمة
Anis | Anas, Aniss, Anisse | أنيس
Zakaria | Zakariya, Zakariyya, Zacharia, Zakarya | زكريا
Imane | Iman, Imen, Eman | إيمان
"""

MAGHREB_FAMILY = """
Benali | Ben Ali, Ben-Ali, Bin Ali, Ibn Ali | بن علي
Bouzid | Bou Zid, Bouzide, Bouzeid | بوزيد
Haddad | Hadad, El Haddad, Al-Haddad, Alhaddad | حداد
Mansour | Mansur, Mansoor, El Mansour, Mansouri | منصور
Belkacem | Belkassem, Belgacem, Ben Kacem, Belkasem | بلقاسم
Cherif | Chérif, Sharif, Shareef, Cherief, Sherif | شريف
Saleh | Salah, Salih, Saleh, Salehh | صالح
Othmane | Osman, Othman, Outhmane, Uthman, Osmane | عثمان
El Khatib | Al-Khatib, Khatib, Elkhatib, Al Khateeb, El Khateeb | الخطيب
Nasser | Nasr, Naser, Nacer, Nassar | ناصر
Idriss | Idris, Driss, Edris, Idrisse | إدريس
Abakar | Abbakar, Abakkar, Abaker, Abou Bakar | أبكر
Yagoub | Yacoub, Yaqub, Yakoub, Yacoob, Yaakoub | يعقوب
Mahamat | Mahamad, Mahammat, Mahammad | محمد
Bouaziz | Bou Aziz, Bouazizi, Boaziz | بوعزيز
Hamdi | Hamdy, Hamadi, Hamdii | حمدي
Ait Ahmed | Aït Ahmed, Ait-Ahmed, Aitahmed | آيت أحمد
Zerrouki | Zerouki, Zarrouki, Zerrouqi | زروقي
Benyahia | Ben Yahia, Ben Yahya, Benyahya | بن يحيى
Khelifi | Khalifi, Kelifi, Khlifi | خليفي
Brahimi | Ibrahimi, Brahmi, Brahimy | براهيمي
Rahmani | Rahmany, Rahmane, Rehmani | رحماني
Hadj | Hadji, Haj, Al-Hajj, El Hadj | الحاج
Saidi | Saïdi, Saeedi, Sayidi | سعيدي
Touati | Touaty, Tuati, Twati | تواتي
Mebarki | Mbarki, Moubarki, Mubaraki | مباركي
Ghanem | Ganem, Ghanim, Ghannem | غانم
Al-Bashir | El Bachir, Elbachir, Bashir, Al Bashir | البشير
Abdelaziz | Abdel Aziz, Abd al-Aziz, Abdulaziz, Abdelazize | عبد العزيز
Darwish | Darwiche, Derouiche, Darouiche, Darvish | درويش
Amrani | Amrany, El Amrani, Omrani | العمراني
Bensaid | Ben Said, Bensaïd, Ben Saeed | بن سعيد
Ouali | Wali, Oualli, Ouali | والي
Cherkaoui | Cherqaoui, Sharqawi, Charkaoui | الشرقاوي
Alaoui | Alaoui, El Alaoui, Alawi, Allaoui | العلوي
Benmoussa | Ben Moussa, Ben Musa, Benmousa | بن موسى
Tahiri | Tahiry, Taheri, Thairi | الطاهري
Ziani | Zayani, Ziyani, Zyani | زياني
Hamidi | Hamidy, Hmidi, Hamedi | حميدي
Slimani | Sliman, Slimany, Sulaimani | سليماني
Boukhari | Bukhari, Boukhary, El Boukhari | البخاري
Hassani | Hasani, El Hassani, Hassany | الحسني
Osman | Othman, Usman, Osmane | عثمان
Abdelrahim | Abdel Rahim, Abderrahim, Abdurrahim | عبد الرحيم
"""

AFGHAN_GIVEN = """
Ahmad | Ahmed, Ahmet, Ahamad | احمد
Mohammad | Mohammed, Muhammad, Mohamad, Mohamed, Mohammod | محمد
Reza | Rezza, Riza, Raza | رضا
Ali | Aly, Alli | علی
Hossein | Hussain, Hosein, Husain, Hussein, Housseyn | حسین
Mehdi | Mahdi, Mehdy, Mahdy | مهدی
Farid | Fareed, Faried, Fared | فرید
Jawad | Javad, Djawad, Jawaad, Javed | جواد
Sayed | Said, Sayyed, Seyed, Sayyid, Syed | سید
Massoud | Masoud, Masood, Massud, Masud | مسعود
Habib | Habeeb, Habiib, Habibe | حبیب
Jamshid | Djamchid, Jamsheed, Jamched, Jamshed | جمشید
Rahim | Raheem, Rahime, Rahiim | رحیم
Wahid | Vahid, Waheed, Wahed, Ouahid | وحید
Naqibullah | Naqeebullah, Nakibullah, Naqib Ullah, Naqibulla | نقیب الله
Hamidullah | Hamid Ullah, Hameedullah, Hamidulla, Hamidollah | حمیدالله
Rahmatullah | Rahmat Ullah, Rahmatulla, Rahmatollah, Rahmatoullah | رحمت الله
Zabihullah | Zabiullah, Zabihulla, Zabihollah, Zabi Ullah | ذبیح الله
Asadullah | Assadullah, Asad Ullah, Asadulla, Asadollah | اسدالله
Zalmai | Zalmay, Zalmaï, Zalmei | زلمی
Gul | Gol, Goul, Gull | گل
Bashir | Basheer, Bachir, Beshir | بشیر
Nasir | Naseer, Nacir, Naser, Nassir | ناصر
Shafiq | Shafik, Chafik, Shafeeq, Chafiq | شفیق
Abdul | Abdoul, Abdol, Abdel
Ismatullah | Esmatullah, Ismatulla, Esmatollah | عصمت الله
Omid | Umid, Omed, Omeid | امید
Mariam | Maryam, Meriam, Mariyam | مریم
Zahra | Zahraa, Zara, Zohra, Sahra | زهرا
Fereshta | Fereshteh, Freshta, Frishta, Ferechta | فرشته
Shabnam | Chabnam, Shabnum, Shabnaam | شبنم
Nasrin | Nasreen, Nassrin, Nasrine | نسرین
Nabi | Nabie, Naby, Nebi | نبی
Hamid | Hameed, Hamed, Hamide | حمید
Sohail | Suhail, Sohayl, Souhail | سهیل
Sharif | Sharief, Chérif, Shareef | شریف
Samiullah | Sami Ullah, Samiulla, Samiollah | سمیع الله
Khalil | Khaleel, Halil, Kalil | خلیل
Qasim | Kasim, Qassim, Kacem | قاسم
Idris | Idriss, Edris, Idrees | ادریس
Najib | Najeeb, Nadjib, Nagib | نجیب
Fawad | Fuad, Fouad, Fawaad | فواد
Latifa | Latifah, Lateefa, Latefa | لطیفه
Sima | Seema, Simah, Cima | سیما
Mursal | Morsal, Mursaal, Moursal | مرسل
"""

AFGHAN_FAMILY = """
Ahmadi | Ahmady, Ahmedi, Ahmadie, Ahmadee | احمدی
Mohammadi | Mohamadi, Muhammadi, Mohammady, Mohammedi | محمدی
Hosseini | Husseini, Hoseini, Hussaini, Husaini | حسینی
Rahimi | Rahimy, Raheemi, Rahime | رحیمی
Karimi | Karimy, Kareemi, Kerimi | کریمی
Rezaei | Rezaie, Rezai, Rezayi, Rezaee, Rezaï | رضایی
Hashimi | Hashemi, Hachemi, Hashimy, Hachimi | هاشمی
Sultani | Soltani, Sultany, Soultani | سلطانی
Jafari | Jaafari, Djafari, Ja'fari, Jafary, Jaffari | جعفری
Noori | Nouri, Nuri, Noory, Nori | نوری
Azizi | Azizy, Aziziy, Asisi | عزیزی
Haidari | Heidari, Haydari, Heydari, Haidary | حیدری
Stanikzai | Stanekzai, Stanakzai, Stanikzay | ستانکزی
Popal | Popall, Poppal, Popel | پوپل
Safi | Saafi, Safy, Saffi | صافی
Amiri | Ameeri, Amiry, Emiri | امیری
Sharifi | Charifi, Shareefi, Sherifi | شریفی
Wardak | Vardak, Wardag, Wardack, Ouardak | وردک
Sadat | Saadat, Sadaat, Sadate | سادات
Afridi | Afredi, Afriedi, Afridy | آفریدی
Yousafzai | Yousufzai, Yusufzai, Yousafzay, Youssoufzai | یوسفزی
Durrani | Durani, Dourani, Durany | درانی
Mohmand | Momand, Mohmend, Mohmande | مومند
Shinwari | Shinwary, Chinwari, Shinwarri | شینواری
Zadran | Zadrani, Dzadran, Zedran | ځدراڼ
Ahmadzai | Ahmedzai, Ahmadzay, Ahmadzaï | احمدزی
Sherzad | Sherzaad, Shirzad, Cherzad | شیرزاد
Naseri | Nasiri, Nasseri, Naceri | ناصری
Samadi | Samady, Smadi, Samedi | صمدی
Khan | Kahn, Khaan, Kan | خان
Habibi | Habiby, Habeebi, Habibie | حبیبی
Nazari | Nazary, Nazzari, Nasari | نظری
Qaderi | Qadiri, Kaderi, Qadery | قادری
Rasuli | Rasouli, Rassouli, Rasooli | رسولی
Sediqi | Siddiqi, Sidiqi, Seddiqi, Sediqui | صدیقی
Taheri | Tahiri, Taheri, Tahery | طاهری
Waziri | Vaziri, Wazeeri, Waziry | وزیری
Faizi | Faizy, Faisi, Feizi | فیضی
Barakzai | Barakzay, Barekzai, Barakzaï | بارکزی
Popalzai | Popalzay, Popolzai, Popalzaï | پوپلزی
Niazi | Niazy, Nyazi, Niyazi | نیازی
Kakar | Kakkar, Kaker, Kakar | کاکړ
Achakzai | Achekzai, Achakzay, Atchakzai | اڅکزی
"""

PERSIAN_GIVEN = """
Reza | Rezza, Riza, Raza | رضا
Hossein | Hosein, Hussein, Houssein | حسین
Mehdi | Mahdi, Mehdy | مهدی
Amir | Ameer, Emir, Amire | امیر
Babak | Babac, Baback, Babek | بابک
Dariush | Dariusz, Darioush, Daryoush, Dariouch | داریوش
Kourosh | Kurosh, Koorosh, Kouroch, Kurush | کوروش
Siamak | Siyamak, Siamac, Syamak | سیامک
Arash | Arach, Aresh, Arrash | آرش
Navid | Naveed, Nawid, Navide | نوید
Payam | Paiam, Payyam, Peyam | پیام
Behnam | Bahnam, Behnem, Benham | بهنام
Shirin | Chirine, Shireen, Sirin, Chirin | شیرین
Parisa | Parissa, Parysa, Pariza | پریسا
Maryam | Mariam, Maryem, Meryam | مریم
Nazanin | Nazaneen, Nazanine, Nasanin | نازنین
Golnaz | Golnaaz, Gulnaz, Golnas | گلناز
Leila | Leyla, Layla, Leïla | لیلا
Ziba | Zibaa, Zeeba, Zyba | زیبا
Mahsa | Mahssa, Mahça, Mahsah | مهسا
"""

PERSIAN_FAMILY = """
Mohammadi | Mohamadi, Mohammady, Mohammedi | محمدی
Hosseini | Husseini, Hoseini, Hossaini | حسینی
Rezaei | Rezaie, Rezai, Rezayi | رضایی
Tehrani | Tehrany, Teherani, Tahrani | تهرانی
Ahmadi | Ahmady, Ahmedi | احمدی
Karimi | Karimy, Kerimi | کریمی
Moradi | Morady, Mouradi, Muradi | مرادی
Ghorbani | Gorbani, Qorbani, Ghorbany, Korbani | قربانی
Sadeghi | Sadeqi, Sadegi, Sadeghy, Sadekhi | صادقی
Jafari | Jaafari, Djafari, Jafary | جعفری
Kazemi | Kazimi, Qazemi, Kasemi | کاظمی
Rostami | Rostamy, Rustami, Roustami | رستمی
Esfahani | Isfahani, Esfahany, Ispahani | اصفهانی
Shirazi | Chirazi, Shirazy, Schirazi | شیرازی
Bagheri | Baqeri, Bagueri, Bagheri | باقری
Najafi | Nadjafi, Najafy, Nadjafy | نجفی
Salehi | Salehy, Salihi, Saleh | صالحی
Nouri | Noori, Nuri | نوری
"""

ERITREAN_GIVEN = """
Tesfay | Tesfaye, Tesfai, Tesfa, Tesfaï | ተስፋይ
Yohannes | Yohanes, Johannes, Yohanis, Yohannis | ዮሃንስ
Mebrahtu | Mebrathu, Mebrahto, Mebratu, Mebrahtou | መብራህቱ
Berhane | Birhane, Berhana, Berhanie, Brhane | ብርሃነ
Kidane | Kidan, Kedane, Kiddane | ኪዳነ
Haile | Hayle, Hailé, Haylé, Hailè | ሃይለ
Samuel | Samiel, Samouel, Semuel | ሳሙኤል
Tekle | Teklé, Tekhle, Tecle, Tekele | ተኽለ
Senait | Senayt, Sennait, Senaït | ሰናይት
Helen | Hellen, Hélène, Helena | ሄለን
Freweyni | Frewoini, Freweini, Fréweini, Frewyni | ፍረወይኒ
Mulugeta | Mulugueta, Mulughetta, Moulougeta | ሙሉጌታ
Daniel | Danel, Daniyel | ዳንኤል
Filmon | Filimon, Philemon, Filmone | ፊልሞን
Merhawi | Merhavi, Mirhawi, Mehrawi | መርሃዊ
Semere | Semre, Semer, Samere | ሰመረ
Aman | Amane, Amman, Amaan | ኣማን
Abraham | Abrham, Abreham, Abrahem | ኣብርሃም
Awet | Awot, Aouet, Awett | ኣወት
Selam | Salam, Sellam, Selame | ሰላም
Yonas | Jonas, Yonass, Younas | ዮናስ
Robel | Robell, Rubel, Robiel | ሮቤል
Saba | Sabba, Sabah | ሳባ
Luwam | Lwam, Louam, Luam | ልዋም
Tsegay | Tsegai, Tségay, Segay, Tsegaye | ጸጋይ
Tekeste | Tekestey, Tekesté, Tekestie | ተኸስተ
Kiflom | Kiflum, Kifelom, Kiflon | ክፍሎም
Yemane | Yemané, Yemanie, Yemani | የማነ
Measho | Meashe, Measho, Measso | መኣሾ
Russom | Rusom, Russum, Rousom | ሩስም
Isaias | Isayas, Issayas, Isaiyas | ኢሳይያስ
Efrem | Ephrem, Efrém, Ifrem | ኤፍሬም
Hagos | Hagoss, Hagus, Haggos | ሓጎስ
Araya | Arraya, Araia, Araya | ኣርኣያ
Mussie | Musie, Moussie, Mussié | ሙሴ
Eden | Edin, Edén | ኤደን
Winta | Wintta, Vinta, Wuinta | ዊንታ
"""

ERITREAN_FAMILY = """
Gebremedhin | Ghebremedhin, Gebremedhn, Gebre Medhin, Ghebre-Medhin, Gebremedin | ገብረመድህን
Gebreyesus | Ghebreyesus, Gebre Yesus, Gebreyesous, Gebreiyesus | ገብረየሱስ
Tesfamariam | Tesfa Mariam, Tesfamaryam, Tesfamarian, Tesfamariyam | ተስፋማርያም
Woldemichael | Woldemikael, Wolde Michael, Weldemichael, Weldemikael | ወልደሚካኤል
Haile | Hayle, Hailé | ሃይለ
Berhe | Berhé, Berhie, Birhe | በርሀ
Tesfay | Tesfaye, Tesfai | ተስፋይ
Kahsay | Kahsai, Kasay, Kahsaye | ካሕሳይ
Asmerom | Asmeron, Asmerome, Asmerum | ኣስመሮም
Habte | Habtè, Hapte, Habtay | ሃብተ
Ghirmay | Girmay, Ghirmai, Girmai, Ghermay | ግርማይ
Tewelde | Teweldé, Tewolde, Tewelda | ተወልደ
Mehari | Mehary, Mahari, Meharie | መሓሪ
Zerai | Zeray, Zerey, Zeraï | ዘራይ
Negash | Negasch, Negache, Negass | ነጋሽ
Okbay | Okbai, Ukbay, Okubay | ዑቕባይ
Gebru | Ghebru, Gebrou, Gabru | ገብሩ
Andemariam | Ande Mariam, Andemaryam, Andemarian | ኣንደማርያም
Fitsum | Fitsoum, Fitzum, Fisum | ፍጹም
Weldu | Woldu, Weldou, Wuldu | ወልዱ
Solomon | Salomon, Solomone, Selomon | ሰሎሞን
Abraha | Abrha, Abreha, Abraha | ኣብራሃ
Ghebreab | Gebreab, Ghebre Ab, Gebreyab | ገብረኣብ
Teklemariam | Tekle Mariam, Teklemaryam, Teklemarian | ተኽለማርያም
Woldegiorgis | Weldegiorgis, Wolde Giorgis, Woldegiorgish, Weldegergis | ወልደጊዮርጊስ
Zemichael | Zemikael, Ze Michael, Zemicheal | ዘሚካኤል
Tsegay | Tsegai, Tségay, Tsegaye | ጸጋይ
Yemane | Yemané, Yemani | የማነ
Kiflom | Kiflum, Kifelom | ክፍሎም
Hagos | Hagoss, Hagus | ሓጎስ
Araya | Arraya, Araia | ኣርኣያ
Isaias | Isayas, Issayas | ኢሳይያስ
Russom | Rusom, Russum | ሩስም
Tekeste | Tekestey, Tekesté | ተኸስተ
"""

SLAVIC_GIVEN = """
Aleksandr | Alexandre, Alexander, Aleksander, Alexandr, Oleksandr | Александр
Oleksandr | Olexandr, Oleksander, Aleksandr, Alexandre | Олександр
Dmitri | Dmitry, Dmitrii, Dimitri, Dmytro | Дмитрий
Sergei | Sergey, Serguei, Serhiy, Serguey | Сергей
Ivan | Ivane, Iwan, Yvan | Иван
Olga | Olha, Olgah, Olgua | Ольга
Natalia | Natalya, Nataliya, Nathalia, Natalija | Наталья
Yulia | Julia, Ioulia, Yuliya, Iouliia | Юлия
Andrii | Andriy, Andrei, Andrey, Andreï | Андрій
Volodymyr | Vladimir, Wolodymyr, Volodimir, Wladimir | Володимир
Tetiana | Tetyana, Tatiana, Tatyana, Tatjana | Тетяна
Mykola | Nikolai, Mikola, Nikolay, Mykolaj | Микола
Iryna | Irina, Iryna, Irena, Iryina | Ірина
Oksana | Oxana, Oksanna, Oksane | Оксана
Ramzan | Ramzane, Ramsan, Ramazan | Рамзан
Aslan | Aslane, Asslan, Arslan | Аслан
Magomed | Magomet, Mahomed, Magamed, Magomid | Магомед
Zelimkhan | Zelimkan, Zelimhan, Zelimxan, Zelimkhane | Зелимхан
Khava | Hava, Xava, Khawa, Chava | Хава
Ruslan | Rouslan, Ruslane, Russlan | Руслан
Islam | Islame, Isslam, Izlam | Ислам
Kheda | Heda, Xeda, Khedda | Хеда
Zaur | Zaour, Saur, Zawur | Заур
Anzor | Anzour, Ansor, Anzore | Анзор
Svetlana | Swetlana, Svetlanna, Svitlana | Светлана
Yevgeni | Evgeni, Evgeniy, Ievgueni, Jewgeni, Yevhen | Евгений
Mikhail | Mikhaïl, Michail, Mykhailo, Mikhael | Михаил
Pavel | Pavlo, Pawel, Paval | Павел
Roman | Romane, Romann | Роман
Maksim | Maxime, Maxim, Maksym | Максим
Anna | Ganna, Hanna, Ana | Анна
Elena | Olena, Yelena, Ielena, Jelena | Елена
Maria | Mariya, Mariia, Marija | Мария
Timur | Timour, Temur, Teymur | Тимур
Movsar | Movsur, Mowsar, Movssar | Мовсар
Bislan | Bisslan, Beslan, Byslan | Бислан
Lema | Lemma, Lyoma, Lemah | Лема
Madina | Medina, Madinah, Maddina | Мадина
"""

SLAVIC_FAMILY = """
Ivanov | Ivanoff, Ivanow, Iwanow | Иванов
Petrenko | Petrenco, Petrenka, Pietrenko | Петренко
Shevchenko | Chevtchenko, Schewtschenko, Shevtchenko, Sevcenko | Шевченко
Kovalenko | Kowalenko, Kovalenco, Kovalienko | Коваленко
Bondarenko | Bondarenco, Bondarienko, Bondarenka | Бондаренко
Kuznetsov | Kouznetsov, Kuznetsoff, Kuznecov, Kouznetsoff | Кузнецов
Kadyrov | Kadirov, Kadyrow, Kadiroff | Кадыров
Dudaev | Doudaev, Dudayev, Doudaïev | Дудаев
Umarov | Oumarov, Umarow, Umaroff | Умаров
Magomedov | Magomedow, Mahomedov, Magomedoff | Магомедов
Idrisov | Idrissov, Idrisow, Idrissoff | Идрисов
Musaev | Moussaev, Musayev, Mussaev, Moussaïev | Мусаев
Gaziev | Gaziyev, Gazaev, Gasiev | Газиев
Khasanov | Hasanov, Xasanov, Khassanov, Chasanow | Хасанов
Melnyk | Melnik, Melnick, Mielnik | Мельник
Tkachenko | Tkatchenko, Tkacenko, Tkachenco | Ткаченко
Boyko | Boiko, Boïko, Bojko | Бойко
Savchenko | Savtchenko, Sawtschenko, Savchenco | Савченко
Popov | Popoff, Popow, Poppov | Попов
Smirnova | Smirnowa, Smirnova, Smirnovah | Смирнова
Volkov | Volkoff, Wolkow, Volkow | Волков
Lysenko | Lyssenko, Lisenko, Lysenco | Лисенко
Moroz | Moross, Moros, Mroz | Мороз
Abdulaev | Abdoulaev, Abdullayev, Abdulayev | Абдулаев
Sokolov | Sokoloff, Sokolow, Sokolof | Соколов
Kravchenko | Kravtchenko, Krawtschenko, Kravtchenco | Кравченко
Oliynyk | Oliinyk, Olijnyk, Oleinik | Олійник
Shevchuk | Chevtchouk, Schewtschuk, Shevtchuk | Шевчук
Polishchuk | Polichtchouk, Polischuk, Polishuk | Поліщук
Zakharov | Zaharov, Sacharow, Zakharoff | Захаров
Morozov | Morozoff, Morosow, Morozow | Морозов
Ibragimov | Ibraguimov, Ibrahimov, Ibragimow | Ибрагимов
Aliev | Aliyev, Alijew, Aliev | Алиев
Saidov | Saïdov, Saydov, Saidow | Саидов
Bisultanov | Bissultanov, Bisoultanov, Bisultanow | Бисултанов
Ozdoev | Ozdoyev, Osdoew, Ozdoiev | Оздоев
Yevloev | Evloev, Ievloev, Yevloyev | Евлоев
Tsechoev | Tsetchoev, Zechoew, Tsechoyev | Цечоев
"""

WEST_AFRICAN_GIVEN = """
Mamadou | Mamadu, Mammadou, Mohamadou, Mamoudou, Mamado
Amadou | Ahmadou, Amadu, Hamadou, Amadoum
Ousmane | Usman, Ousman, Osmane, Usmane, Ousmann
Boubacar | Bubacarr, Aboubacar, Boubakar, Abubakar, Bubakar
Abdoulaye | Abdoulay, Abdulai, Abdullahi, Ablaye, Abdoulahi
Ibrahima | Ibrahim, Ebrima, Brahima, Ibrahimah
Moussa | Musa, Mousa, Mussa, Moussah
Souleymane | Suleiman, Sulayman, Soulemane, Souleiman, Suleymane
Lamine | Lamin, Alamine, Lamina, Laminé
Cheikh | Sheikh, Shaikh, Cheick, Chaikh, Cheik
Modou | Modu, Moudou, Modo
Alpha | Alfa, Alphaa
Sékou | Sekou, Seku, Sekouba
Seydou | Seidou, Saidou, Seydu, Seïdou
Tidiane | Tijani, Tidjane, Tidiani, Tidjani
Bakary | Bakari, Bakar, Backary
Demba | Dembo, Dembah
Malick | Malik, Malic, Maliq
Babacar | Babacarr, Babakar, Babakarr
Mariama | Mariam, Mariyama, Maryama
Fatoumata | Fatumata, Fatoumatta, Fatoumatou, Fatimata
Aïssatou | Aissatou, Aïssata, Aissatu, Aysatu, Aissata
Kadiatou | Kadiatu, Khadiatou, Hadiatou, Kadijatou, Kadiata
Aminata | Aminatta, Aminatou, Aminatu
Awa | Hawa, Ava, Aoua
Binta | Bintou, Bintu, Bintta
Oumou | Umu, Oumu, Oumy
Djeneba | Jeneba, Dieneba, Djénéba
Coumba | Kumba, Koumba, Coumbah
Ndèye | Ndeye, Ndey, N'Deye
Khady | Khadi, Kady, Khadie
Assa | Asa, Assah
Saliou | Saliu, Salliou, Saliyou
Oumar | Umar, Omar, Oumarou
Ismaïla | Ismaila, Ismael, Ismaela
Abou | Abu, Abdou, Abo
Idrissa | Idrisa, Idriss, Idrissah
Youssouf | Yusuf, Yousouf, Youssoufa
Moustapha | Mustapha, Mustafa, Moustafa
Fanta | Fantah, Fantta
Salimata | Salimatou, Salimatu, Salamata
Rokia | Rokiya, Rokhaya, Roukiatou, Rokiatou
Nafissatou | Nafisatu, Nafissatu, Nafisatou
Ramatoulaye | Ramatulai, Ramatoulaï, Ramatulaye
Maïmouna | Maimouna, Maymuna, Maimuna
Djénabou | Djenabou, Jenabu, Dienabou, Djenabu
Hadja | Hadjia, Hajja, Adja
"""

WEST_AFRICAN_FAMILY = """
Diallo | Jallow, Djallo, Dialo, Diallou, Jalloh
Bah | Ba, Baa, Bâ
Barry | Bari, Barrie, Barri
Sow | So, Sowe, Sô
Diop | Jobe, Diope, Dioppe
Ndiaye | N'Diaye, Njie, Ndiay, Ndiae
Fall | Fal, Fahl
Sylla | Silla, Cylla, Sila
Traoré | Traore, Trawally, Traorey, Traorè
Keïta | Keita, Kéita, Keyta, Kaita
Camara | Kamara, Camarah, Kamarah
Touré | Toure, Ture, Tourey
Cissé | Cisse, Sisse, Ceesay, Cissey, Sissé
Konaté | Konate, Konateh, Conaté
Diakité | Diakite, Jakite, Diakhité, Diakitè
Coulibaly | Kulibali, Koulibaly, Coulibali, Culibaly
Sissoko | Sisoko, Cissoko, Sissokho, Sisokho
Doucouré | Doucoure, Dukureh, Doukoure, Dukure
Sakho | Sako, Saxo, Sacko
Kanouté | Kanoute, Kanute, Kanouteh
Dramé | Drame, Drammeh, Dramé
Dembélé | Dembele, Dembelé, Dembelè
Soumaré | Soumare, Sumareh, Soumaré
Gassama | Gasama, Gassamah, Gassamma
Mbaye | M'Baye, Mbay, Mbayé
Gueye | Guèye, Gaye, Gey, Gueye
Faye | Fay, Fayé, Faï
Seck | Sek, Secke, Sekk
Thiam | Tiam, Cham, Thiame
Niang | Nyang, Niange, Niyang
Sarr | Sar, Sarre
Baldé | Balde, Baldeh, Baldé
Sy | Si, Sih, Sye
Ka | Kah, Kaa
Kane | Kan, Kanne, Kanneh
Ly | Li, Lie, Lih
Dia | Diah, Jah, Djia
Wane | Wan, Ouane, Wanne
Tall | Tal, Taal
Diaw | Jaw, Diao, Djaw
Kébé | Kebe, Kébè, Kebbeh
Fofana | Fofanah, Foffana, Fofanna
Kouyaté | Kouyate, Kuyateh, Kouyatè
Diabaté | Diabate, Jabbateh, Diabatè
Sangaré | Sangare, Sangareh, Sangarè
Bagayoko | Bagayogo, Bagaiko, Bagayoco
Diarra | Jarra, Diara, Djarra
Sidibé | Sidibe, Sidibeh, Sidibè
Kanté | Kante, Kanteh, Kantè
Tounkara | Tunkara, Tounkarah, Tunkarah
Dabo | Dabbo, Dabou, Daboh
Mané | Mane, Manneh, Manè
Sané | Sane, Sanneh, Sanè
Badji | Badgie, Badjie, Baji
Diatta | Jatta, Diata, Djatta
Sagna | Sanya, Sagnah, Sania
"""

TURKISH_GIVEN = """
Mehmet | Mehmed, Mehemet, Mehmat, Mehmette
Mustafa | Moustafa, Mustapha, Moustapha
Ahmet | Ahmed, Ahmad, Achmet
Ayşe | Ayse, Aysé, Aïché, Aiche, Aysche
Fatma | Fatima, Fadma, Fatmah
Hüseyin | Huseyin, Husseyin, Hussein, Hueseyin
Emine | Emina, Emıne, Aminé
Zeynep | Zeynab, Zeinep, Zeinab
Murat | Mourat, Murad, Mourad
Ömer | Omer, Oemer, Omar
Hasan | Hassan, Hassane
Elif | Elife, Elıf, Elyf
Yusuf | Youssouf, Yousouf, Yussuf
Özlem | Ozlem, Oezlem, Ozlème
Emre | Emré, Emreh
Cem | Djem, Jem, Djème
Çağlar | Caglar, Chaglar, Tchaglar
Gökhan | Gokhan, Goekhan, Gockhan
Serkan | Serkhan, Sercan
Burak | Bourak, Buraq
Recep | Redjep, Rejep, Recepp
Şükrü | Sukru, Choukrou, Schükrü
İbrahim | Ibrahim, Ibrahime
Halil | Khalil, Halill
Mahmut | Mahmoud, Mahmud, Mahmout
Ali | Aly, Alli
Veli | Velli, Wali, Véli
İsmail | Ismail, Ismaïl, Isamil
Hatice | Hatidje, Hatije, Khadija, Hatica
Zeliha | Zelicha, Zeliya, Zéliha
Sibel | Sibelle, Sybel
Derya | Deria, Deriya, Déria
Kemal | Kemel, Kamal, Kémal
Levent | Levend, Léwent
"""

TURKISH_FAMILY = """
Yılmaz | Yilmaz, Yilmas, Ylmaz, Yilmatz
Kaya | Kaïa, Kaja, Kayah
Demir | Demirr, Démir, Demire
Şahin | Sahin, Chahin, Shahin, Schahin
Çelik | Celik, Tchelik, Chelik, Tschelik
Yıldız | Yildiz, Yildis, Yldiz
Yıldırım | Yildirim, Yildirime, Yldirim
Öztürk | Ozturk, Oeztuerk, Ostürk, Osturk
Aydın | Aydin, Aidin, Aydine
Özdemir | Ozdemir, Oezdemir, Osdemir
Arslan | Aslan, Arslane, Arsslan
Doğan | Dogan, Doan, Doghan
Kılıç | Kilic, Kilich, Kılıc, Kilitch
Çetin | Cetin, Tchetin, Chetin
Kara | Karah, Qara
Koç | Koc, Kotch, Koch
Kurt | Kourt, Kurdt
Polat | Pollat, Polatt, Bolat
Erdoğan | Erdogan, Erdoghan, Erdokan
Korkmaz | Korkmas, Korkmaze, Corkmaz
Güneş | Gunes, Guenes, Gunesch
Aksoy | Aksoi, Axoy, Akssoy
Güler | Guler, Gueler, Güller
Tekin | Tekine, Téqin, Tékin
Ateş | Ates, Atech, Atesch
Acar | Adjar, Acarr, Ajar
Aktaş | Aktas, Aktach, Aktasch
Bulut | Boulout, Bulutt, Bullut
Uçar | Ucar, Outchar, Utschar
Keskin | Keskine, Kesskin, Késkin
"""

KURDISH_GIVEN = """
Rojda | Roja, Rojdah, Rozhda
Berivan | Bérivan, Berîvan, Berivane | بەریڤان
Dilan | Dîlan, Dilane, Dillan | دیلان
Hêvî | Hevi, Hivi, Hevy | هیڤی
Zana | Zanah, Zanna | زانا
Rêber | Reber, Rebar, Rebaz | ڕێبەر
Azad | Azat, Asad, Azade | ئازاد
Baran | Barran, Barane | باران
Delal | Dalal, Delale, Dellal | دەلال
Jiyan | Jian, Zhiyan, Jihan | ژیان
Sherko | Şêrko, Cherko, Shirko, Sirko | شێرکۆ
Karwan | Karvan, Kerwan, Karouane | کاروان
Kawa | Kaveh, Kawe, Kava | کاوە
Shirin | Şîrîn, Chirine, Sirin, Shireen | شیرین
Hawre | Havre, Hawreh, Hawri | هاوڕێ
Nechirvan | Nêçîrvan, Nechirwan, Nechirvane | نێچیرڤان
Rezan | Rezane, Resan, Rizan | ڕەزان
Xebat | Khabat, Xabat, Kebat, Habat | خەبات
Xalid | Khalid, Halid, Khaled | خالد
Arjin | Arjîn, Argin, Arjine
Newroz | Nevroz, Nawroz, Nowruz, Nevruz | نەورۆز
Hozan | Hozane, Hozzan, Hosan | هۆزان
Ciwan | Jiwan, Djiwan, Civan, Ciwane | جوان
Evîn | Evin, Avin, Ewin | ئەڤین
Rûken | Ruken, Rouken, Rukan | ڕووکەن
Dilşad | Dilshad, Dilchad, Dilsad | دڵشاد
Aras | Arass, Arras, Araz | ئاراس
Shilan | Şîlan, Chilan, Shelan | شیلان
Bawar | Bavar, Bawer, Bawaar | باوەڕ
Soran | Sorane, Souran, Soren | سۆران
"""

KURDISH_FAMILY = """
Ahmed | Ahmad, Ehmed, Ahmet | ئەحمەد
Barzani | Barazani, Berzani, Barzany | بارزانی
Talabani | Talebani, Talabany, Talebany | تاڵەبانی
Mahmud | Mahmoud, Mehmud, Mahmood | مەحمود
Zebari | Zibari, Zebary, Zeybari | زێباری
Amedi | Amadi, Amêdî, Amedy | ئامێدی
Hawrami | Hewrami, Awrami, Hauramy | هەورامی
Goran | Gorani, Gorane, Goren | گۆران
Mustafa | Mistefa, Moustafa, Mustapha | مستەفا
Kurdi | Kurdî, Kourdi, Kordi | کوردی
Rashid | Reşîd, Rachid, Rasheed | ڕەشید
Jaf | Djaf, Caf, Jaff | جاف
Dosky | Doski, Duski, Doskî | دۆسکی
Shwani | Chwani, Shuani, Şwanî | شوانی
Bakir | Baqir, Bekir, Bakr | باقر
Hamid | Hemîd, Hamed, Hameed | حەمید
Sindi | Sîndî, Sendi, Sindy | سندی
Zaxoyi | Zakhoyi, Zakhoy, Zaxoy | زاخۆیی
Hassan | Hasan, Hesen, Hassane | حەسەن
Ali | Elî, Aly, Alli | عەلی
Omar | Umar, Omer, Oumar | عومەر
Karim | Kerim, Kareem, Krim | کەریم
Salih | Saleh, Salah, Silêh | ساڵح
Sulaiman | Silêman, Suleiman, Sleman | سلێمان
Barwari | Berwari, Barwary, Berwarî | بەرواری
Mizuri | Mizouri, Mizury, Mîzûrî | میزووری
"""

# origin: (given names, family names, weight, share of people whose script is in spellings)
ORIGINS = {
    "maghreb-arabic": (MAGHREB_GIVEN, MAGHREB_FAMILY, 0.18, 0.4),
    "afghan": (AFGHAN_GIVEN, AFGHAN_FAMILY, 0.14, 0.5),
    "persian": (PERSIAN_GIVEN, PERSIAN_FAMILY, 0.06, 0.5),
    "eritrean": (ERITREAN_GIVEN, ERITREAN_FAMILY, 0.08, 0.5),
    "slavic-chechen": (SLAVIC_GIVEN, SLAVIC_FAMILY, 0.14, 0.6),
    "west-african": (WEST_AFRICAN_GIVEN, WEST_AFRICAN_FAMILY, 0.24, 0.0),
    "turkish": (TURKISH_GIVEN, TURKISH_FAMILY, 0.08, 0.0),
    "kurdish": (KURDISH_GIVEN, KURDISH_FAMILY, 0.08, 0.3),
}
_FEMALE_LINES = (
    "Fatima Khadija Amina Aïcha Zineb Samira Leïla Meriem Nour Nadia Souad Houda Malika",
    "Rachida Naïma Imane Mariam Zahra Fereshta Shabnam Nasrin Latifa Sima Mursal Shirin",
    "Parisa Maryam Nazanin Golnaz Leila Ziba Mahsa Senait Helen Freweyni Selam Saba Luwam",
    "Eden Winta Olga Natalia Yulia Tetiana Iryna Oksana Khava Kheda Svetlana Anna Elena",
    "Maria Madina Mariama Fatoumata Aïssatou Kadiatou Aminata Awa Binta Oumou Djeneba Coumba",
    "Ndèye Khady Assa Fanta Salimata Rokia Nafissatou Ramatoulaye Maïmouna Djénabou Hadja",
    "Ayşe Fatma Emine Zeynep Elif Özlem Hatice Zeliha Sibel Derya Rojda Berivan Dilan Hêvî",
    "Delal Jiyan Evîn Rûken Shilan",
)
FEMALE = frozenset(name for line in _FEMALE_LINES for name in line.split())
# Given names are concentrated (Mohamed, Mamadou...), family names less so. Some people have a
# second name: a second given name of the same gender (Mohamed Amine, Fatoumata Binta), or their
# father's name where it is part of the legal name (Eritrea, Afghanistan).
GIVEN_ZIPF = 0.8
FAMILY_ZIPF = 0.5
SECOND_NAME_SHARE = {"eritrean": 0.8, "afghan": 0.4}
SECOND_NAME_DEFAULT_SHARE = 0.3
FATHER_NAME_ORIGINS = frozenset({"eritrean", "afghan"})
VARIANT_KINDS = ("transcription", "typo", "family-first", "script", "family-year")
VARIANT_WEIGHTS = (0.35, 0.25, 0.15, 0.15, 0.10)


@dataclass(frozen=True)
class Name:
    usual: str
    others: tuple[str, ...]
    script: str


def parse_names(block: str) -> list[Name]:
    names = []
    for line in block.strip().splitlines():
        usual, others, *script = [part.strip() for part in line.split("|")]
        alternatives = tuple(o.strip() for o in others.split(",") if o.strip() != usual)
        names.append(Name(usual, alternatives, script[0] if script else ""))
    return names


@dataclass
class FakePerson:
    origin: str
    given: tuple[Name, ...]  # one or two given names (or given name and father's name)
    family: Name
    name: str
    spellings: list[str]
    birth_date: date
    phone: str
    queries: list["Query"] = field(default_factory=list)

    @property
    def identity(self) -> tuple[str, ...]:
        return (*(g.usual for g in self.given), self.family.usual)


def _zipf_weights(count: int, exponent: float) -> list[float]:
    return [1 / (rank + 1) ** exponent for rank in range(count)]


def _plain(text: str) -> str:
    """Lower case without accents: what a hurried volunteer types."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def typo(word: str, rng: random.Random) -> str:
    """One typing slip: a letter dropped, doubled, two swapped, or a vowel changed."""
    letters = list(word)
    if len(letters) < 4:
        return word + word[-1]
    kind = rng.choice(["drop", "double", "swap", "vowel"])
    i = rng.randrange(1, len(letters) - 1)
    if kind == "drop":
        del letters[i]
    elif kind == "double":
        letters.insert(i, letters[i])
    elif kind == "swap":
        letters[i], letters[i + 1] = letters[i + 1], letters[i]
    else:
        vowels = [j for j, c in enumerate(letters) if c.lower() in "aeiouy"]
        j = rng.choice(vowels) if vowels else i
        swaps = {"a": "e", "e": "a", "i": "y", "y": "i", "o": "ou", "u": "ou"}
        letters[j] = swaps.get(letters[j].lower(), letters[j])
    return "".join(letters)


def _alternative(name: Name, rng: random.Random) -> str:
    return rng.choice(name.others) if name.others else name.usual


@dataclass(frozen=True)
class Query:
    """A typed query and what it describes: the usual names it was typed from (and year)."""

    kind: str
    text: str
    given: tuple[str, ...]
    family: str
    year: int | None = None

    def describes(self, person: "FakePerson") -> bool:
        """True when ``person`` fits what was typed as well as the person sought does."""
        usual = {g.usual for g in person.given}
        return (
            person.family.usual == self.family
            and set(self.given) <= usual
            and (self.year is None or person.birth_date.year == self.year)
        )


def _given(names: tuple[Name, ...], rng: random.Random, *, change: bool) -> tuple[str, tuple]:
    """The given names as typed (sometimes the first one only, sometimes transcribed)."""
    if len(names) > 1 and rng.random() < 0.4:
        names = names[:1]
    text = " ".join(_alternative(n, rng) if change else n.usual for n in names)
    return text, tuple(n.usual for n in names)


def make_query(person: FakePerson, kind: str, rng: random.Random) -> Query:
    given, family = person.given, person.family
    scripts = [n.script for n in (*given, family)]
    all_given = tuple(n.usual for n in given)
    if kind == "script" and not all(scripts):
        kind = "transcription"
    if kind == "transcription":
        change = rng.choice(["given", "family", "both"])
        g, used = _given(given, rng, change=change in ("given", "both"))
        f = _alternative(family, rng) if change in ("family", "both") else family.usual
        text = f"{g} {f}"
        text = _plain(text) if rng.random() < 0.6 else text
        return Query(kind, text, used, family.usual)
    if kind == "typo":
        (g, used), f = _given(given, rng, change=False), family.usual
        if rng.random() < 0.5:
            g = typo(g, rng)
        else:
            f = typo(f, rng)
        return Query(kind, _plain(f"{g} {f}"), used, family.usual)
    if kind == "family-first":
        g, used = _given(given, rng, change=rng.random() < 0.4)
        style = rng.choice(["upper", "plain"])
        text = f"{family.usual.upper()} {g}" if style == "upper" else _plain(f"{family.usual} {g}")
        return Query(kind, text, used, family.usual)
    if kind == "script":
        return Query(kind, " ".join(scripts), all_given, family.usual)
    # family-year: the family name (any usual transcription) and the birth year.
    f = family.usual if rng.random() < 0.5 else _alternative(family, rng)
    year = person.birth_date.year
    return Query("family-year", f"{_plain(f)} {year}", (), family.usual, year)


def generate(n_names: int = 3000, seed: int = 1) -> list[FakePerson]:
    """``n_names`` fictional people with 1 to 3 queries each (deterministic for a seed)."""
    rng = random.Random(seed)
    origins = {
        origin: (parse_names(given), parse_names(family), weight, script_share)
        for origin, (given, family, weight, script_share) in ORIGINS.items()
    }
    origin_names = list(origins)
    origin_weights = [origins[o][2] for o in origin_names]
    people = []
    for _ in range(n_names):
        origin = rng.choices(origin_names, origin_weights)[0]
        givens, families, _weight, script_share = origins[origin]
        given = [rng.choices(givens, _zipf_weights(len(givens), GIVEN_ZIPF))[0]]
        if rng.random() < SECOND_NAME_SHARE.get(origin, SECOND_NAME_DEFAULT_SHARE):
            female = given[0].usual in FEMALE and origin not in FATHER_NAME_ORIGINS
            pool = [n for n in givens if (n.usual in FEMALE) == female and n != given[0]]
            given.append(rng.choices(pool, _zipf_weights(len(pool), GIVEN_ZIPF))[0])
        family = rng.choices(families, _zipf_weights(len(families), FAMILY_ZIPF))[0]
        parts = (*given, family)
        spellings = []
        if all(n.script for n in parts) and rng.random() < script_share:
            spellings.append(" ".join(n.script for n in parts))
        if rng.random() < 0.3:  # another transcription, from a passport
            spellings.append(" ".join(_alternative(n, rng) for n in parts))
        birth = date(1960, 1, 1) + timedelta(days=rng.randrange(48 * 365))
        phone = ""
        if rng.random() < 0.6:
            digits = f"0{rng.choice('67')}" + "".join(str(rng.randrange(10)) for _ in range(8))
            phone = " ".join(digits[i : i + 2] for i in range(0, 10, 2))
        person = FakePerson(
            origin=origin,
            given=tuple(given),
            family=family,
            name=" ".join(n.usual for n in parts),
            spellings=spellings,
            birth_date=birth,
            phone=phone,
        )
        for _ in range(rng.choice([1, 2, 3])):
            kind = rng.choices(VARIANT_KINDS, VARIANT_WEIGHTS)[0]
            person.queries.append(make_query(person, kind, rng))
        people.append(person)
    return people


# Measure ----------------------------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(
    n_names: int = 3000, seed: int = 1, *, misses: list | None = None, sample: int = 0
) -> dict:
    """Index ``n_names`` generated people, run their queries, return recall, precision, times.

    Assumes Django is set up on a migrated database. Works in one transaction rolled back at
    the end. ``misses``, when given a list, receives (query kind, query, usual name, first
    results) for each query whose person is not in the first five. ``sample``, when set, runs
    only that many queries drawn at random (the same ones for a seed), to measure a big group
    in minutes.
    """
    from django.db import transaction

    from permanence.cases import search
    from permanence.cases.models import Person
    from permanence.orgs.models import Organisation, OrganisationKind

    people = generate(n_names, seed)
    result: dict = {}
    with transaction.atomic():
        group = Organisation.objects.create(
            name="Bench name variants",
            slug=f"bench-name-variants-{seed}-{time.time_ns()}",
            kind=OrganisationKind.GROUP,
        )
        rows = [
            Person(
                organisation=group,
                name=p.name,
                spellings=p.spellings,
                birth_date=p.birth_date,
                contacts=[{"kind": "phone", "value": p.phone, "safe": True, "preferred": True}]
                if p.phone
                else [],
            )
            for p in people
        ]
        Person.objects.bulk_create(rows, batch_size=500)
        start = time.perf_counter()
        tokens = 0
        for offset in range(0, len(rows), 500):
            tokens += search.index_people(rows[offset : offset + 500])
        index_seconds = time.perf_counter() - start
        fake_of = {row.pk: fake for row, fake in zip(rows, people, strict=True)}
        families: dict[str, list[FakePerson]] = defaultdict(list)
        for fake in people:
            families[fake.family.usual].append(fake)
        queryset = Person.objects.filter(organisation=group)

        hits1 = hits5 = ambiguous = ambiguous_hits = homonym_hits = 0
        precisions, timings, counts = [], [], []
        by_variant: dict[str, list[int]] = defaultdict(list)
        by_origin: dict[str, list[int]] = defaultdict(list)
        by_family: dict[str, list[int]] = defaultdict(list)
        total = 0
        asked = [
            (row, fake, query)
            for row, fake in zip(rows, people, strict=True)
            for query in fake.queries
        ]
        if sample and sample < len(asked):
            asked = random.Random(seed + 6).sample(asked, sample)
        for row, fake, query in asked:
            start = time.perf_counter()
            found = search.person_search(queryset=queryset, q=query.text, limit=RESULTS_LIMIT)
            timings.append(time.perf_counter() - start)
            ids = [person.pk for person, _score in found]
            top = ids[:5]
            total += 1
            counts.append(len(ids))
            hit5 = int(row.pk in top)
            hits5 += hit5
            hits1 += int(bool(ids) and ids[0] == row.pk)
            by_variant[query.kind].append(hit5)
            by_origin[fake.origin].append(hit5)
            by_family[fake.family.usual].append(hit5)
            fitting = families[query.family]
            if sum(1 for other in fitting if query.describes(other)) > 5:
                ambiguous += 1
                ambiguous_hits += hit5
            relevant = sum(1 for pk in top if pk == row.pk or query.describes(fake_of[pk]))
            precisions.append(relevant / len(top) if top else 0.0)
            homonym_hits += int(hit5 or relevant == len(top) == 5)
            if not hit5 and misses is not None:
                names = [fake_of[pk].name for pk in top]
                misses.append((query.kind, query.text, fake.name, names))
        homonyms = Counter(p.identity for p in people)
        result = {
            "people": len(people),
            "queries": total,
            "recall_at_5": hits5 / total,
            "recall_at_1": hits1 / total,
            "ambiguous_queries": ambiguous / total,
            "recall_at_5_unambiguous": (hits5 - ambiguous_hits) / max(1, total - ambiguous),
            "recall_at_5_or_homonyms": homonym_hits / total,
            "precision_at_5": statistics.fmean(precisions),
            "mean_results": statistics.fmean(counts),
            "search_ms_median": statistics.median(timings) * 1000,
            "search_ms_p95": _percentile(timings, 0.95) * 1000,
            "index_ms_per_person": index_seconds * 1000 / len(rows),
            "tokens_per_person": tokens / len(rows),
            "people_with_a_homonym": sum(n for n in homonyms.values() if n > 1) / len(people),
            "by_variant": {k: statistics.fmean(v) for k, v in sorted(by_variant.items())},
            "by_origin": {k: statistics.fmean(v) for k, v in sorted(by_origin.items())},
            "worst_family_names": {
                k: round(statistics.fmean(v), 3)
                for k, v in sorted(by_family.items(), key=lambda kv: statistics.fmean(kv[1]))[:8]
            },
            "target_recall_at_5": TARGET_RECALL_AT_5,
        }
        transaction.set_rollback(True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--names", type=int, default=3000, help="people to generate")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--misses", type=int, default=0, help="print this many missed queries")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--sample", type=int, default=0, help="run only this many queries")
    args = parser.parse_args()

    import django

    django.setup()
    misses: list = []
    figures = measure(args.names, args.seed, misses=misses, sample=args.sample)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"people {figures['people']}, queries {figures['queries']}")
        for key in (
            "recall_at_5",
            "recall_at_1",
            "ambiguous_queries",
            "recall_at_5_unambiguous",
            "recall_at_5_or_homonyms",
            "precision_at_5",
            "mean_results",
            "search_ms_median",
            "search_ms_p95",
            "index_ms_per_person",
            "tokens_per_person",
            "people_with_a_homonym",
        ):
            print(f"{key:24} {figures[key]:.3f}")
        for group in ("by_variant", "by_origin", "worst_family_names"):
            print(group, ", ".join(f"{k} {v:.3f}" for k, v in figures[group].items()))
        verdict = "reached" if figures["recall_at_5"] >= TARGET_RECALL_AT_5 else "NOT reached"
        print(f"target recall@5 ≥ {TARGET_RECALL_AT_5}: {verdict}")
    for kind, q, name, top in misses[: args.misses]:
        print(f"miss [{kind}] {q!r} → {name!r}; top: {top}")


if __name__ == "__main__":
    main()
