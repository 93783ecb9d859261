"""
The search index reads Chinese (claims/chinese.py, claims/search.py): its
text folded from Traditional to Simplified, and a grams column holding each
CJK character and each pair of adjacent ones, so words of one or two
characters read an index. SQLite's FTS5 table gets the column by being made
again (FTS5 cannot add one); PostgreSQL's table gets the column and its own
pg_trgm index, and new functions and triggers. Both are refilled.

On SQLite the triggers and the fill are left to the post_migrate handler
(claims/apps.py), which recreates the triggers and refills the index after
every migrate that runs claims migrations: created here, they would stop a
later migration that rebuilds the claims table. The folding functions they
call are Python's, which the app registers on each SQLite connection.

The statements are a frozen copy of claims/search.py's and the folding
table of claims/chinese.py's as they stood when this migration was written
(OpenCC 1.4.2's t2s characters); the OLD_ ones are 0004's as 0009 left them,
for migrating back.
"""

import json

from django.db import migrations

SEARCH_TABLE = "claims_claim_search"

CJK_PATTERN = (
    r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff"
    r"\U00020000-\U0003134f]"
)
# A private-use character: nothing a claim or a query holds (queries drop it).
GRAM_MARK = "\ue000"

TRADITIONAL = (
    "㑮㑯㑳㑶㒓㓄㓨㔋㖮㗲㗿㘉㘓㘔㘚㛝㜄㜏㜐㜗㜢㜷㞞㟺㠏㠣㢗㢝㥮㦎㦛㦞㨻㩋㩜㩳㩵㪎㯤㰙"
    "㵗㵾㶆㷍㷿㸇㹽㺏㺜㻶㿖㿗㿧䀉䀹䁪䁻䂎䃮䅐䅳䆉䉑䉙䉬䉲䉶䊭䊷䊺䋃䋔䋙䋚䋦䋹䋻䋼䋿䌈"
    "䌋䌖䌝䌟䌥䌰䍤䍦䍽䎙䎱䓣䕤䕳䖅䗅䗿䙔䙡䙱䚩䛄䛳䜀䜖䝭䝻䝼䞈䞋䞓䟃䟆䟐䠆䠱䡐䡩䡵䢨"
    "䤤䥄䥇䥑䥕䥗䥩䥯䥱䦘䦛䦟䦯䦳䧢䪊䪏䪗䪘䪴䪾䫀䫂䫟䫴䫶䫻䫾䬓䬘䬝䬞䬧䭀䭃䭑䭔䭿䮄䮝"
    "䮞䮠䮫䮰䮳䮾䯀䯤䰾䱀䱁䱙䱧䱬䱰䱷䱸䱽䲁䲅䲖䲘䲰䳜䳢䳤䳧䳫䴉䴋䴬䴱䴴䴽䵳䵴䶕䶲丟並"
    "乾亂亙亞佇佈佔併來侖侶侷俁係俓俔俠俥俬倀倆倈倉個們倖倫倲偉偑側偵偽傌傑傖傘備傢傭"
    "傯傳傴債傷傾僂僅僉僑僕僞僤僥僨僱價儀儁儂億儈儉儎儐儔儕儘償儣優儭儲儷儸儺儻儼兇兌"
    "兒兗內兩冊冑冪凈凍凙凜凱別刪剄則剋剎剗剛剝剮剴創剷剾劃劄劇劉劊劌劍劏劑劚勁勑動務"
    "勛勝勞勢勣勩勱勳勵勸勻匭匯匱區協卹卻卽厙厠厤厭厲厴參叄叢吒吳吶呂咼員哯唄唓唸問啓"
    "啞啟啢喎喚喪喫喬單喲嗆嗇嗊嗎嗚嗩嗰嗶嗹嘆嘍嘓嘔嘖嘗嘜嘩嘪嘮嘯嘰嘳嘵嘸嘺嘽噁噅噓噚"
    "噝噞噠噥噦噯噲噴噸噹嚀嚇嚌嚐嚕嚙嚛嚥嚦嚧嚨嚮嚲嚳嚴嚶嚽囀囁囂囃囅囈囉囌囑囒囪圇國"
    "圍園圓圖團圞垻埡埨埬埰執堅堊堖堚堝堯報場塊塋塏塒塗塚塢塤塵塸塹塿墊墜墠墮墰墲墳墶"
    "墻墾壇壈壋壎壓壗壘壙壚壜壞壟壠壢壣壩壪壯壺壼壽夠夢夥夾奐奧奩奪奬奮奼妝姍姦娙娛婁"
    "婡婦婭媈媧媯媰媼媽嫋嫗嫵嫺嫻嫿嬀嬃嬇嬈嬋嬌嬙嬡嬣嬤嬦嬪嬰嬸嬻孃孄孆孇孋孌孎孫學孻"
    "孾孿宮寀寠寢實寧審寫寬寵寶將專尋對導尷屆屍屓屜屢層屨屩屬岡峯峴島峽崍崑崗崙崢崬嵐"
    "嵗嵼嵽嵾嶁嶄嶇嶈嶔嶗嶘嶠嶢嶧嶨嶮嶸嶹嶺嶼嶽巊巋巒巔巖巗巘巰巹帥師帳帶幀幃幓幗幘幝"
    "幟幣幩幫幬幷幹幾庫廁廂廄廈廎廕廚廝廞廟廠廡廢廣廧廩廬廳弒弔弳張強彃彄彆彈彌彎彔彙"
    "彠彥彫彲彿後徑從徠復徵徹徿恆恥悅悞悵悶悽惡惱惲惻愛愜愨愴愷愻愾慄態慍慘慚慟慣慤慪"
    "慫慮慳慶慺慼慾憂憊憐憑憒憖憚憢憤憫憮憲憶憸憹懀懇應懌懍懎懞懟懣懤懨懲懶懷懸懺懼懾"
    "戀戇戔戧戩戰戱戲戶扞拋拚挩挱挾捨捫捱捲掃掄掆掗掙掚掛採揀揚換揮揯損搖搗搧搵搶摋摐"
    "摑摜摟摯摳摶摺摻撈撊撏撐撓撝撟撣撥撧撫撲撳撻撾撿擁擄擇擊擋擓擔據擟擠擡擣擫擬擯擰"
    "擱擲擴擷擺擻擼擽擾攄攆攋攏攔攖攙攛攜攝攢攣攤攪攬敎敓敗敘敵數斂斃斅斆斕斬斷斸於旂"
    "旣昇時晉晛晝暈暉暐暘暢暫曄曆曇曉曊曏曖曠曥曨曬書會朥朧朮東枴柵柺査桱桿梔梖梘梜條"
    "梟梲棄棊棖棗棟棡棧棲棶椏椲楇楊楓楨業極榘榦榪榮榲榿構槍槓槤槧槨槫槮槳槶槼樁樂樅樑"
    "樓標樞樠樢樣樤樧樫樳樸樹樺樿橈橋機橢橫橯檁檉檔檜檟檢檣檭檮檯檳檵檸檻櫃櫅櫍櫓櫚櫛"
    "櫝櫞櫟櫠櫥櫧櫨櫪櫫櫬櫱櫳櫸櫻欄欅欇權欍欏欐欑欒欓欖欘欞欽歎歐歟歡歲歷歸歿殘殞殢殤"
    "殨殫殭殮殯殰殲殺殻殼毀毆毊毿氂氈氌氣氫氬氭氳氾汎汙決沒沖況泝洩洶浹浿涇涗涼淒淚淥"
    "淨淩淪淵淶淺渙減渢渦測渾湊湋湞湧湯溈準溝溡溫溮溳溼滄滅滌滎滙滬滯滲滷滸滻滾滿漁漊"
    "漍漚漢漣漬漲漵漸漿潁潑潔潕潙潚潛潣潤潯潰潷潿澀澅澆澇澐澗澠澤澦澩澫澬澮澱澾濁濃濄"
    "濆濕濘濚濛濜濟濤濧濫濰濱濺濼濾濿瀂瀃瀅瀆瀇瀉瀋瀏瀕瀘瀝瀟瀠瀦瀧瀨瀰瀲瀾灃灄灍灑灒"
    "灕灘灙灝灡灣灤灧灩災為烏烴無煇煉煒煙煢煥煩煬煱熂熅熉熌熒熓熗熚熡熰熱熲熾燀燁燈燉"
    "燒燖燙燜營燦燬燭燴燶燻燼燾爃爄爇爍爐爖爛爥爧爭爲爺爾牀牆牘牴牽犖犛犞犢犧狀狹狽猌"
    "猙猶猻獁獃獄獅獊獎獨獩獪獫獮獰獱獲獵獷獸獺獻獼玀玁珼現琱琺琿瑋瑒瑣瑤瑩瑪瑲瑻瑽璉"
    "璊璕璗璝璡璣璦璫璯環璵璸璼璽璾璿瓄瓅瓊瓏瓔瓕瓚瓛甌甕產産畝畢畫異畵當畼疇疊痙痠痮"
    "痾瘂瘋瘍瘓瘞瘡瘧瘮瘱瘲瘺瘻療癆癇癉癐癒癘癟癡癢癤癥癧癩癬癭癮癰癱癲發皁皚皟皰皸皺"
    "盃盜盞盡監盤盧盨盪眝眞眥眾睍睏睜睞瞘瞜瞞瞤瞶瞼矇矉矑矓矚矯硃硜硤硨硯碕碙碩碭碸確"
    "碼碽磑磚磠磣磧磯磽磾礄礎礐礒礙礦礪礫礬礮礱祕祿禍禎禕禡禦禪禮禰禱禿秈稅稈稏稜稟種"
    "稱穀穇穌積穎穠穡穢穩穫穭窩窪窮窯窵窶窺竄竅竇竈竊竚竪竱競筆筍筧筴箇箋箏箚節範築篋"
    "篔篘篠篢篤篩篳篸簀簂簍簑簞簡簢簣簫簹簽簾籃籅籋籌籔籙籛籜籟籠籤籩籪籬籮籲粵糉糝糞"
    "糧糰糲糴糶糹糺糾紀紂紃約紅紆紇紈紉紋納紐紓純紕紖紗紘紙級紛紜紝紞紟紡紬紮細紱紲紳"
    "紵紹紺紼紿絀絁終絃組絅絆絍絎結絕絙絛絝絞絡絢絥給絧絨絪絰統絲絳絶絹絺綀綁綃綄綆綇"
    "綈綉綋綌綎綏綐綑經綖綜綝綞綟綠綡綢綣綧綪綫綬維綯綰綱網綳綴綵綸綹綺綻綽綾綿緄緇緊"
    "緋緍緑緒緓緔緗緘緙線緝緞緟締緡緣緤緦編緩緬緮緯緰緱緲練緶緷緸緹緻緼縈縉縊縋縍縎縐"
    "縑縕縗縛縝縞縟縣縧縫縬縭縮縯縰縱縲縳縴縵縶縷縸縹縺總績繂繃繅繆繈繏繐繒繓織繕繚繞"
    "繟繡繢繨繩繪繫繬繭繮繯繰繳繶繷繸繹繻繼繽繾繿纁纆纇纈纊續纍纏纓纔纕纖纗纘纚纜缽罃"
    "罈罌罎罰罵罷羅羆羈羋羣羥羨義羵羶習翫翬翹翽耬耮聖聞聯聰聲聳聵聶職聹聻聽聾肅脅脈脛"
    "脣脥脩脫脹腎腖腡腦腪腫腳腸膃膕膚膞膠膢膩膹膽膾膿臉臍臏臗臘臚臟臠臢臥臨臺與興舉舊"
    "舖舘艙艣艤艦艫艱艷芻苧茲荊莊莖莢莧菕華菴菸萇萊萬萴萵葉葒葝葤葦葯葷蒍蒐蒓蒔蒕蒞蒭"
    "蒼蓀蓆蓋蓧蓮蓯蓴蓽蔄蔔蔘蔞蔣蔥蔦蔭蔯蔿蕁蕆蕎蕒蕓蕕蕘蕝蕢蕩蕪蕭蕳蕷蕽薀薆薈薊薌薑"
    "薔薘薟薦薩薳薴薵薹薺藍藎藝藥藪藭藴藶藷藹藺蘀蘄蘆蘇蘊蘋蘚蘞蘟蘢蘭蘺蘿虆虉處虛虜號"
    "虧虯蛺蛻蜆蝀蝕蝟蝦蝨蝸螄螞螢螮螻螿蟂蟄蟈蟎蟘蟜蟣蟬蟯蟲蟳蟶蟻蠀蠁蠅蠆蠍蠐蠑蠔蠙蠟"
    "蠣蠦蠨蠱蠶蠻蠾衆衊術衕衚衛衝袞袷裊裏補裝裡製複褌褘褲褳褸褻襀襇襉襏襓襖襗襘襝襠襤"
    "襪襬襯襰襲襴襵覈見覎規覓視覘覛覡覥覦親覬覯覲覷覹覺覼覽覿觀觴觶觸訁訂訃計訊訌討訏"
    "訐訑訒訓訕訖託記訛訜訝訞訟訢訣訥訨訩訪設許訴訶診註証詀詁詆詊詎詐詑詒詓詔評詖詗詘"
    "詛詝詞詠詡詢詣試詩詪詫詬詭詮詰話該詳詵詷詼詿誂誄誅誆誇誋誌認誑誒誕誘誚語誠誡誣誤"
    "誥誦誨說誫説誰課誳誴誶誷誹誺誼誾調諂諄談諉請諍諏諑諒諓論諗諛諜諝諞諟諡諢諣諤諥諦"
    "諧諫諭諮諯諰諱諲諳諴諶諷諸諺諼諾謀謁謂謄謅謆謉謊謎謏謐謔謖謗謙謚講謝謠謡謨謫謬謭"
    "謯謱謳謸謹謾譁譂譅譆證譊譎譏譑譓譖識譙譚譜譞譟譨譫譭譯議譴護譸譽譾讀讅變讋讌讎讒"
    "讓讕讖讚讜讞谿豈豎豐豔豬豵豶貍貓貗貙貝貞貟負財貢貧貨販貪貫責貯貰貲貳貴貶買貸貺費"
    "貼貽貿賀賁賂賃賄賅資賈賊賑賒賓賕賙賚賜賝賞賟賠賡賢賣賤賦賧質賫賬賭賰賴賵賺賻購賽"
    "賾贃贄贅贇贈贉贊贋贍贏贐贑贓贔贖贗贚贛贜赬趕趙趨趲跡踐踰踴蹌蹔蹕蹟蹠蹣蹤蹳蹺蹻躂"
    "躉躊躋躍躎躑躒躓躕躘躚躝躡躥躦躪軀軉車軋軌軍軏軑軒軔軕軗軛軜軝軟軤軨軫軬軲軷軸軹"
    "軺軻軼軾軿較輄輅輇輈載輊輋輒輓輔輕輖輗輛輜輝輞輟輢輥輦輨輩輪輬輮輯輳輶輷輸輻輼輾"
    "輿轀轂轄轅轆轇轉轊轍轎轐轔轗轟轠轡轢轣轤辦辭辮辯農迴逕這連週進遊運過達違遙遜遞遠"
    "遡適遱遲遶遷選遺遼邁還邇邊邏邐郟郵鄆鄉鄒鄔鄖鄟鄧鄩鄭鄰鄲鄳鄴鄶鄺酇酈醃醖醜醞醟醣"
    "醫醬醱醲醶釀釁釃釅釋釐釒釓釔釕釗釘釙釚針釟釣釤釦釧釨釩釲釳釴釵釷釹釺釾釿鈀鈁鈃鈄"
    "鈅鈆鈇鈈鈉鈋鈍鈎鈐鈑鈒鈔鈕鈖鈗鈛鈞鈠鈡鈣鈥鈦鈧鈮鈯鈰鈲鈳鈴鈷鈸鈹鈺鈽鈾鈿鉀鉁鉅鉆"
    "鉈鉉鉊鉋鉍鉑鉔鉕鉗鉚鉛鉝鉞鉠鉢鉤鉥鉦鉧鉬鉭鉮鉳鉶鉷鉸鉺鉻鉽鉾鉿銀銁銂銃銅銈銊銍銏"
    "銑銓銖銘銚銛銜銠銣銥銦銨銩銪銫銬銱銳銶銷銹銻銼鋁鋂鋃鋅鋇鋉鋌鋏鋐鋒鋗鋙鋝鋟鋠鋣鋤"
    "鋥鋦鋨鋩鋪鋭鋮鋯鋰鋱鋶鋸鋹鋼錀錁錂錄錆錇錈錏錐錒錕錘錙錚錛錜錝錞錟錠錡錢錤錥錦錨"
    "錩錫錮錯録錳錶錸錼錽鍀鍁鍃鍄鍅鍆鍇鍈鍉鍊鍋鍍鍒鍔鍘鍚鍛鍠鍤鍥鍩鍬鍭鍮鍰鍵鍶鍺鍼鍾"
    "鎂鎄鎇鎈鎊鎌鎍鎓鎔鎖鎘鎙鎚鎛鎝鎞鎡鎢鎣鎦鎧鎩鎪鎬鎭鎮鎯鎰鎲鎳鎵鎶鎷鎸鎿鏃鏆鏇鏈鏉"
    "鏌鏍鏏鏐鏑鏗鏘鏚鏜鏝鏞鏟鏡鏢鏤鏥鏦鏨鏰鏵鏷鏹鏺鏻鏽鏾鐃鐄鐇鐈鐋鐍鐎鐏鐐鐒鐓鐔鐘鐙"
    "鐝鐠鐥鐦鐧鐨鐩鐪鐫鐮鐯鐲鐳鐵鐶鐸鐺鐼鐽鐿鑀鑄鑉鑊鑌鑑鑒鑔鑕鑞鑠鑣鑥鑪鑭鑰鑱鑲鑴鑷"
    "鑹鑼鑽鑾鑿钁钂長門閂閃閆閈閉開閌閍閎閏閐閑閒間閔閗閘閝閞閡閣閤閥閨閩閫閬閭閱閲閵"
    "閶閹閻閼閽閾閿闃闆闇闈闉闊闋闌闍闐闑闒闓闔闕闖關闞闠闡闢闤闥陘陝陞陣陰陳陸陽隉隊"
    "階隑隕際隤隨險隮隯隱隴隸隻雋雖雙雛雜雞離難雲電霑霢霣霧霼霽靂靄靆靈靉靚靜靝靦靧靨"
    "鞏鞝鞦鞽鞾韁韃韆韉韋韌韍韓韙韚韛韜韝韞韠韻響頁頂頃項順頇須頊頌頍頎頏預頑頒頓頔頗"
    "領頜頠頡頤頦頫頭頮頰頲頴頵頷頸頹頻頽顂顃顅顆題額顎顏顒顓顔顗願顙顛類顢顣顥顧顫顬"
    "顯顰顱顳顴風颭颮颯颰颱颳颶颷颸颺颻颼颾飀飄飆飈飋飛飠飢飣飥飦飩飪飫飭飯飱飲飴飵飶"
    "飼飽飾飿餃餄餅餈餉養餌餎餏餑餒餓餔餕餖餗餘餚餛餜餞餡餦餧館餪餫餬餭餱餳餵餶餷餸餺"
    "餼餾餿饁饃饅饈饉饊饋饌饑饒饗饘饜饞饟饠饢馬馭馮馯馱馳馴馹馼駁駃駉駊駎駐駑駒駓駔駕"
    "駘駙駚駛駝駞駟駡駢駤駧駩駪駫駭駰駱駶駸駻駼駿騁騂騃騄騅騉騊騌騍騎騏騑騔騖騙騚騜騝"
    "騞騟騠騤騧騪騫騭騮騰騱騴騵騶騷騸騻騼騾驀驁驂驃驄驅驊驋驌驍驎驏驓驕驗驙驚驛驟驢驤"
    "驥驦驨驪驫骯髏髒體髕髖髮鬆鬍鬖鬚鬠鬢鬥鬧鬨鬩鬮鬱鬹魎魘魚魛魟魢魥魦魨魯魴魵魷魺魽"
    "鮀鮁鮃鮄鮅鮆鮈鮊鮋鮍鮎鮐鮑鮒鮓鮚鮜鮝鮞鮟鮠鮡鮣鮤鮦鮪鮫鮭鮮鮯鮰鮳鮵鮶鮸鮺鮿鯀鯁鯄"
    "鯆鯇鯉鯊鯒鯔鯕鯖鯗鯛鯝鯞鯡鯢鯤鯧鯨鯪鯫鯬鯰鯱鯴鯶鯷鯻鯽鯾鯿鰁鰂鰃鰆鰈鰉鰊鰋鰌鰍鰏"
    "鰐鰑鰒鰓鰕鰛鰜鰟鰠鰣鰤鰥鰦鰧鰨鰩鰫鰭鰮鰱鰲鰳鰵鰶鰷鰹鰺鰻鰼鰽鰾鱀鱂鱄鱅鱆鱇鱈鱉鱊"
    "鱒鱔鱖鱗鱘鱚鱝鱟鱠鱢鱣鱤鱧鱨鱭鱮鱯鱲鱷鱸鱺鳥鳧鳩鳬鳲鳳鳴鳶鳷鳼鳽鳾鴀鴃鴅鴆鴇鴉鴐"
    "鴒鴔鴕鴗鴛鴜鴝鴞鴟鴣鴥鴦鴨鴮鴯鴰鴲鴳鴴鴷鴻鴽鴿鵁鵂鵃鵊鵏鵐鵑鵒鵓鵚鵜鵝鵟鵠鵡鵧鵩"
    "鵪鵫鵬鵮鵯鵰鵲鵷鵾鶄鶇鶉鶊鶌鶒鶓鶖鶗鶘鶚鶠鶡鶥鶦鶩鶪鶬鶭鶯鶰鶱鶲鶴鶹鶺鶻鶼鶿鷀鷁"
    "鷂鷄鷅鷉鷊鷐鷓鷔鷖鷗鷙鷚鷟鷣鷤鷥鷦鷨鷩鷫鷭鷯鷲鷳鷴鷷鷸鷹鷺鷽鷿鸂鸇鸊鸋鸌鸏鸑鸕鸗"
    "鸘鸚鸛鸝鸞鹵鹹鹺鹼鹽麗麥麨麩麪麫麬麯麲麳麴麵麷麼麽黃黌點黨黲黴黶黷黽黿鼂鼉鼕鼴齊"
    "齋齎齏齒齔齕齗齘齙齜齟齠齡齣齦齧齩齪齬齭齮齯齰齲齴齶齷齼齾龍龎龐龑龓龔龕龜龭龯鿁"
    "鿓豈更車賈滑串句龜龜契金喇奈懶癩羅蘿螺裸邏樂洛烙珞落酪駱亂卵欄爛蘭鸞嵐濫藍襤拉臘"
    "蠟廊朗浪狼郎來冷勞擄櫓爐盧老蘆虜路露魯鷺碌祿綠菉錄鹿論壟弄籠聾牢磊賂雷壘屢樓淚漏"
    "累縷陋勒肋凜凌稜綾菱陵讀拏樂諾丹寧怒率異北磻便復不泌數索參塞省葉說殺辰沈拾若掠略"
    "亮兩凉梁糧良諒量勵呂女廬旅濾礪閭驪麗黎力曆歷轢年憐戀撚漣煉璉秊練聯輦蓮連鍊列劣咽"
    "烈裂說廉念捻殮簾獵令囹寧嶺怜玲瑩羚聆鈴零靈領例禮醴隸惡了僚寮尿料樂燎療蓼遼龍暈阮"
    "劉杻柳流溜琉留硫紐類六戮陸倫崙淪輪律慄栗率隆利吏履易李梨泥理痢罹裏裡里離匿溺吝燐"
    "璘藺隣鱗麟林淋臨立笠粒狀炙識什茶刺切度拓糖宅洞暴輻行降見廓兀嗀塚晴凞猪益礼神祥福"
    "靖精羽蘒諸逸都飯飼館鶴郞隷侮僧免勉勤卑喝嘆器塀墨層屮悔慨憎懲敏既暑梅海渚漢煮爫琢"
    "碑社祉祈祐祖祝禍禎穀突節練縉繁署者臭艹艹著褐視謁謹賓贈辶逸難響頻恵𤋮舘並况全侀充"
    "冀勇勺喝啕喙嗢塚墳奄奔婢嬨廒廙彩徭惘慎愈憎慠懲戴揄搜摒敖晴朗望杖歹殺流滛滋漢瀞煮"
    "瞧爵犯猪瑱甆画瘝瘟益盛直睊着磌窱節类絛練缾者荒華蝹襁覆視調諸請謁諾諭謹變贈輸遲醙"
    "鉶陼難靖韛響頋頻鬒龜𢡊𢡄𣏕㮝䀘䀹𥉉𥳐𧻓齃龎𠁞𠌥𠏢𠐊𠗣𠞆𠠎𠬙𠼤𠽃𠿕𡂡𡃄𡃕𡃤𡄔𡄣𡅏𡅯"
    "𡑍𡑭𡓁𡓾𡔖𡞵𡟫𡠹𡢃𡮉𡮣𡳳𡸗𡹬𡻕𡽗𡾱𡿖𢍰𢠼𢣐𢣚𢣭𢤩𢤱𢤿𢯷𢶒𢶫𢷮𢹿𢺳𣈶𣋋𣍐𣙎𣜬𣝕𣞻𣠩"
    "𣠲𣯩𣯴𣯶𣽏𣾷𣿉𤁣𤄷𤅶𤑳𤑹𤒎𤒻𤓌𤓎𤓩𤘀𤛮𤛱𤜆𤠮𤢟𤢻𤩂𤪺𤫩𤬅𤳷𤳸𤷃𤸫𤺔𥊝𥌃𥏝𥕥𥖅𥖲𥗇"
    "𥗽𥜐𥜰𥞵𥢢𥢶𥢷𥨐𥪂𥯤𥴨𥴼𥵃𥵊𥶽𥸠𥻦𥼽𥽖𥾯𥿊𦀖𦂅𦃄𦃩𦅇𦅈𦆲𦒀𦔖𦘧𦟼𦠅𦡝𦢈𦣎𦧺𦪙𦪽𦱌"
    "𦾟𧎈𧒯𧔥𧕟𧜗𧜵𧝞𧞫𧟀𧡴𧢄𧦝𧦧𧩕𧩙𧩼𧫝𧬤𧭈𧭹𧳟𧵳𧶔𧶧𧷎𧸘𧹈𧽯𨂐𨄣𨅍𨆪𨇁𨇞𨇤𨇰𨇽𨈊𨈌"
    "𨊰𨊸𨊻𨋢𨌈𨍰𨎌𨎮𨏠𨏥𨞺𨟊𨢿𨣈𨣞𨣧𨤻𨥛𨥟𨦫𨧀𨧜𨧰𨧱𨨏𨨛𨨢𨩰𨪕𨫒𨬖𨭆𨭎𨭖𨭸𨮂𨮳𨯅𨯟𨰃"
    "𨰋𨰥𨰲𨲳𨳑𨳕𨴗𨴹𨵩𨵸𨶀𨶏𨶮𨶲𨷲𨼳𨽏𩀨𩅙𩎖𩎢𩏂𩏠𩏪𩏷𩑔𩒎𩓣𩓥𩔑𩔳𩖰𩗀𩗓𩗴𩘀𩘝𩘹𩘺𩙈"
    "𩚛𩚥𩚩𩚵𩛆𩛌𩛡𩛩𩜇𩜦𩜵𩝔𩝽𩞄𩞦𩞯𩟐𩟗𩠴𩡣𩡺𩢡𩢴𩢸𩢾𩣏𩣑𩣫𩣵𩣺𩤊𩤙𩤲𩤸𩥄𩥇𩥉𩥑𩦠𩧆"
    "𩭙𩯁𩯳𩰀𩰹𩳤𩴵𩵦𩵩𩵹𩶁𩶘𩶰𩶱𩷰𩸃𩸄𩸡𩸦𩻗𩻬𩻮𩼶𩽇𩿅𩿤𩿪𪀖𪀦𪀾𪁈𪁖𪂆𪃍𪃏𪃒𪃧𪄆𪄕𪅂"
    "𪆷𪇳𪈼𪉸𪋿𪌭𪍠𪓰𪔵𪘀𪘯𪙏𪟖𪷓𫒡𫜦丽丸乁𠄢你侮侻倂偺備僧像㒞𠘺免兔兤具𠔜㒹內再𠕋冗"
    "冤仌冬况𩇟凵刃㓟刻剆割剷㔕勇勉勤勺包匆北卉卑博即卽卿卿卿𠨬灰及叟𠭣叫叱吆咞吸呈周"
    "咢哶唐啓啣善善喙喫喳嗂圖嘆圗噑噴切壮城埴堍型堲報墬𡓤売壷夆多夢奢𡚨𡛪姬娛娧姘婦㛮"
    "㛼嬈嬾嬾𡧈寃寘寧寳𡬘寿将当尢㞁屠屮峀岍𡷤嵃𡷦嵮嵫嵼巡巢㠯巽帨帽幩㡢𢆃㡼庰庳庶廊𪎒"
    "廾𢌱𢌱舁弢弢㣇𣊸𦇚形彫㣣徚忍志忹悁㤺㤜悔𢛔惇慈慌慎慌慺憎憲憤憯懞懲懶成戛扝抱拔捐"
    "𢬌挽拼捨掃揤𢯱搢揅掩㨮摩摾撝摷㩬敏敬𣀊旣書晉㬙暑㬈㫤冒冕最暜肭䏙朗望朡杞杓𣏃㭉柺"
    "枅桒梅𣑭梎栟椔㮝楂榣槪檨𣚣櫛㰘次𣢧歔㱎歲殟殺殻𣪍𡴋𣫺汎𣲼沿泍汧洖派海流浩浸涅𣴞洴"
    "港湮㴳滋滇𣻑淹潮𣽞𣾎濆瀹瀞瀛㶖灊災灷炭𠔥煅𤉣熜𤎫爨爵牐𤘈犀犕𤜵𤠔獺王㺬玥㺸㺸瑇瑜"
    "瑱璅瓊㼛甤𤰶甾𤲒異𢆟瘐𤾡𤾸𥁄㿼䀈直𥃳𥃲𥄙𥄳眞真真睊䀹瞋䁆䂖𥐝硎碌磌䃣𥘦祖𥚚𥛅福秫"
    "䄯穀穊穏𥥼𥪧𥪧竮䈂𥮫篆築䈧𥲀糒䊠糨糣紀𥾆絣䌁緇縂繅䌴𦈨𦉇䍙𦋙罺𦌾羕翺者𦓚𦔣聠𦖨聰"
    "𣍟䏕育脃䐋脾媵𦞧𦞵𣎓𣎜舁舄辞䑫芑芋芝劳花芳芽苦𦬼若茝荣莭茣莽菧著荓菊菌菜𦰶𦵫𦳕䔫"
    "蓱蓳蔖𧏊蕤𦼬䕝䕡𦾱𧃒䕫虐虜虧虩蚩蚈蜎蛢蝹蜨蝫螆䗗蟡蠁䗹衠衣𧙧裗裞䘵裺㒻𧢮𧥦䚾䛇誠"
    "諭變豕𧲨貫賁贛起𧼯𠠄跋趼跰𠣞軔輸𨗒𨗭邔郱鄑𨜮鄛鈸鋗鋘鉼鏹鐕𨯺開䦕閷𨵷䧦雃嶲霣𩅅𩈚"
    "䩮䩶韠𩐊䪲𩒖頋頋頩𩖶飢䬳餩馧駂駾䯎𩬰鬒鱀鳽䳎䳭鵧𪃎䳸𪄅𪈎𪊑麻䵖黹黾鼅鼏鼖鼻𪘀𰻞"
)

SIMPLIFIED = (
    "𫝈㑔㑇㐹𠉂𪠟刾𪟎𪠵𠵾𪡛𠰱𪢌𫬐㘎𫝦㚯㛣𫝧𡞋𡞱𡝠𪨊𪩇㟆𫵷𪪑𢋈㤘𢛯𢗓𪫷𪮃𪮋㨫㧐擜𪯋𣘐𣗙"
    "𣳆𪷍𫞛𤆢𤈷𤎺𫞣𤠋𪺻𪼋𪽮𤻊𤽯𥁢𥅴𥇢䀥𥎝鿎𫀨𫀬𫁂𫁲𥬀𫂈𥮜𫁷𥺅䌶𫄚𫄜𫄞䌺䌻𫄩䌿䌾𫄮𦈓𦈖"
    "𦈘𦈜𦈟𦈞𦈠𦈙𫅅䍠𦍠𫅭䎬𬜯𫟕𦰴𫟑𫊪𧉞𫋲䙌𧜭𫌯𫍠𫍫䜧𫟢𫎧𧹕䞍𧹑𫎪𫎭𫎺𫎳𫎱𫏃𨅛𫟤𫟥𫟦𨑹"
    "𫟺𫠀䦂鿏𬭯𫔋𨱖𫔆䥾𨸄䦶䦷𫔵𨷿𨸟𫖅𩏼𩐀𩏿𫖫𫖬𫖱𫖰𫖲𩖗𫖺𫗇𫠈𫗊𩙮𩙯𩙧𫗟𩠇𩠈𫗱𫗰𩧭𫠊𩧰"
    "𩨁𩧿𩨇𫘮𩨏𩧪䯅𩩈鲃𫚐𫚏𩾈𫚠𩾊𩾋䲣𫠑䲝鳚𫚜𩾂鳤𪉂𫛬𫛰𫛮𫛺𫛼鹮𫜅𪎈𫜒𪎋𫜔𪑅𫜙𫜨𫜳丢并"
    "干乱亘亚伫布占并来仑侣局俣系𠇹伣侠伡私伥俩俫仓个们幸伦㑈伟㐽侧侦伪㐷杰伧伞备家佣"
    "偬传伛债伤倾偻仅佥侨仆伪𫢸侥偾雇价仪俊侬亿侩俭傤傧俦侪尽偿𠆲优𠋆储俪㑩傩傥俨凶兑"
    "儿兖内两册胄幂净冻𪞝凛凯别删刭则克刹刬刚剥剐剀创铲𠛅划札剧刘刽刿剑㓥剂㔉劲𠡠动务"
    "勋胜劳势𪟝勚劢勋励劝匀匦汇匮区协恤却即厍厕历厌厉厣参叁丛咤吴呐吕呙员𠯟呗𪠳念问启"
    "哑启唡㖞唤丧吃乔单哟呛啬唝吗呜唢𠮶哔𪡏叹喽啯呕啧尝唛哗𪡃唠啸叽𪡞哓呒𪡀啴恶𠯠嘘㖊"
    "咝𪡋哒哝哕嗳哙喷吨当咛吓哜尝噜啮𪠸咽呖𠰷咙向亸喾严嘤𪢕啭嗫嚣𠱞冁呓啰苏嘱𪢠囱囵国"
    "围园圆图团𪢮坝垭𫭢𪣆采执坚垩垴𪣒埚尧报场块茔垲埘涂冢坞埙尘𫭟堑𪣻垫坠𫮃堕坛𪢸坟垯"
    "墙垦坛𡒄垱埙压𡋤垒圹垆坛坏垄垅坜𪤚坝塆壮壶壸寿够梦伙夹奂奥奁夺奖奋姹妆姗奸𫰛娱娄"
    "𫝫妇娅𫝨娲妫㛀媪妈袅妪妩娴娴婳妫媭𫝬娆婵娇嫱嫒𪥰嬷𫝩嫔婴婶𪥿娘𫝮𫝭𪥫㛤娈𡠟孙学𡥧"
    "𪧀孪宫采𪧘寝实宁审写宽宠宝将专寻对导尴届尸屃屉屡层屦𪨗属冈峰岘岛峡崃昆岗仑峥岽岚"
    "岁𡶴𫶇㟥嵝崭岖𡺃嵚崂𡺄峤峣峄峃崄嵘𫝵岭屿岳𪩎岿峦巅岩𪨷𪩘巯卺帅师帐带帧帏㡎帼帻𪩷"
    "帜币𪩸帮帱并干几库厕厢厩厦庼荫厨厮𫷷庙厂庑废广𪪞廪庐厅弑吊弪张强𪪼𫸩别弹弥弯录汇"
    "彟彦雕彨佛后径从徕复征彻𪫌恒耻悦悮怅闷凄恶恼恽恻爱惬悫怆恺𢙏忾栗态愠惨惭恸惯悫怄"
    "怂虑悭庆㥪戚欲忧惫怜凭愦慭惮𢙒愤悯怃宪忆𪫺𢙐𢙓恳应怿懔𢠁蒙怼懑㤽恹惩懒怀悬忏惧慑"
    "恋戆戋戗戬战戯戏户捍抛拼捝挲挟舍扪挨卷扫抡㧏挜挣𪭵挂采拣扬换挥搄损摇捣扇揾抢𢫬𪭢"
    "掴掼搂挚抠抟折掺捞𪭾挦撑挠㧑挢掸拨𪮖抚扑揿挞挝捡拥掳择击挡㧟担据𪭧挤抬捣𢬍拟摈拧"
    "搁掷扩撷摆擞撸㧰扰摅撵𪮶拢拦撄搀撺携摄攒挛摊搅揽教敚败叙敌数敛毙𢽾敩斓斩断𣃁于旗"
    "既升时晋𬀪昼晕晖𬀩旸畅暂晔历昙晓𪰶向暧旷𣆐昽晒书会𦛨胧术东拐栅拐查𣐕杆栀𪱷枧𬂩条"
    "枭棁弃棋枨枣栋㭎栈栖梾桠㭏𣒌杨枫桢业极矩干杩荣榅桤构枪杠梿椠椁𣏢椮桨椢椝桩乐枞梁"
    "楼标枢𣗊㭤样𣔌榝㭴桪朴树桦椫桡桥机椭横𣓿檩柽档桧槚检樯𣘴梼台槟𪲛柠槛柜𪲎𬃊橹榈栉"
    "椟橼栎𪲮橱槠栌枥橥榇蘖栊榉樱栏榉𪳍权𣐤椤𪲔𪴙栾𣗋榄𣚚棂钦叹欧欤欢岁历归殁残殒𣨼殇"
    "㱮殚僵殓殡㱩歼杀壳壳毁殴𪵑毵牦毡氇气氢氩𣱝氲泛泛污决没冲况溯泄汹浃𬇙泾涚凉凄泪渌"
    "净凌沦渊涞浅涣减沨涡测浑凑𣲗浈涌汤沩准沟𪶄温浉涢湿沧灭涤荥汇沪滞渗卤浒浐滚满渔溇"
    "𬇹沤汉涟渍涨溆渐浆颍泼洁𣲘沩㴋潜𫞗润浔溃滗涠涩𣶩浇涝沄涧渑泽滪泶𬇕𫞚浍淀㳠浊浓㳡"
    "𣸣湿泞溁蒙浕济涛㳔滥潍滨溅泺滤𪵱澛𣽷滢渎㲿泻沈浏濒泸沥潇潆潴泷濑弥潋澜沣滠𫞝洒𪷽"
    "漓滩𣺼灏㳕湾滦滟滟灾为乌烃无𪸩炼炜烟茕焕烦炀㶽𪸕煴𤈶𤇄荧𤆡炝𤇹𤋏𬉼热颎炽𬊤烨灯炖"
    "烧𬊈烫焖营灿毁烛烩㶶熏烬焘𫞡𤇃𦶟烁炉𤇭烂𪹳𫞠争为爷尔床墙牍抵牵荦牦𪺭犊牺状狭狈𪺽"
    "狰犹狲犸呆狱狮𪺷奖独𤞃狯猃狝狞㺍获猎犷兽獭献猕猡𤞤𫞥现雕珐珲玮玚琐瑶莹玛玱𪻲𪻐琏"
    "𫞩𬍤𬍡𪻺琎玑瑷珰㻅环玙瑸𫞨玺𫞦璇𪻨𬍛琼珑璎𤦀瓒𤩽瓯瓮产产亩毕画异画当𪽈畴叠痉酸𪽪"
    "疴痖疯疡痪瘗疮疟瘆𪽷疭瘘瘘疗痨痫瘅𤶊愈疠瘪痴痒疖症疬癞癣瘿瘾痈瘫癫发皂皑𤾀疱皲皱"
    "杯盗盏尽监盘卢𪾔荡𪾣真眦众𪾢困睁睐眍䁖瞒𥆧瞆睑蒙𪾸𪾦眬瞩矫朱硁硖砗砚埼𥐻硕砀砜确"
    "码䂵硙砖硵碜碛矶硗䃅硚础𬒈𥐟碍矿砺砾矾𪿫砻秘禄祸祯祎祃御禅礼祢祷秃籼税秆䅉棱禀种"
    "称谷䅟稣积颖秾穑秽稳获穞窝洼穷窑窎窭窥窜窍窦灶窃𥩟竖𫁟竞笔笋笕䇲个笺筝札节范筑箧"
    "筼𥬠筿𬕂笃筛筚𥮾箦𫂆篓蓑箪简𫂃篑箫筜签帘篮𥫣𥬞筹䉤箓篯箨籁笼签笾簖篱箩吁粤粽糁粪"
    "粮团粝籴粜纟𫄙纠纪纣𬘓约红纡纥纨纫纹纳纽纾纯纰纼纱纮纸级纷纭纴𬘘𫄛纺䌷扎细绂绁绅"
    "纻绍绀绋绐绌𫄟终弦组䌹绊𫟃绗结绝𫄠绦绔绞络绚𫄢给𫄡绒𬘡绖统丝绛绝绢𫄨𦈌绑绡𬘫绠𦈋"
    "绨绣𫟄绤𬘩绥䌼捆经𫄧综𬘭缍𫄫绿𫟅绸绻𬘯𬘬线绶维绹绾纲网绷缀彩纶绺绮绽绰绫绵绲缁紧"
    "绯𦈏绿绪绬绱缃缄缂线缉缎𫟆缔缗缘𫄬缌编缓缅𫄭纬𦈕缑缈练缏𦈉𦈑缇致缊萦缙缢缒𫄰𦈔绉"
    "缣缊缞缚缜缟缛县绦缝𦈚缡缩𬙂𫄳纵缧䌸纤缦絷缕𫄲缥𦈐总绩𫄴绷缫缪𫄶𦈝𰬸缯𦈛织缮缭绕"
    "𦈎绣缋𫄤绳绘系𫄱茧缰缳缲缴𫄷𫄣䍁绎𦈡继缤缱䍀𫄸𬙊颣缬纩续累缠缨才𬙋纤𫄹缵𫄥缆钵䓨"
    "坛罂坛罚骂罢罗罴羁芈群羟羡义𫅗膻习玩翚翘翙耧耢圣闻联聪声耸聩聂职聍𫆏听聋肃胁脉胫"
    "唇𣍰修脱胀肾胨脶脑𣍯肿脚肠腽腘肤䏝胶𦝼腻𪱥胆脍脓脸脐膑𣎑腊胪脏脔臜卧临台与兴举旧"
    "铺馆舱𫇛舣舰舻艰艳刍苎兹荆庄茎荚苋𰰨华庵烟苌莱万荝莴叶荭𫈎荮苇药荤𫇭搜莼莳蒀莅𫇴"
    "苍荪席盖𦰏莲苁莼荜𬜬卜参蒌蒋葱茑荫𫈟𫇭荨蒇荞荬芸莸荛𫈵蒉荡芜萧𫈉蓣𫇽蕰𫉁荟蓟芗姜"
    "蔷荙莶荐萨䓕苎䓓苔荠蓝荩艺药薮䓖蕴苈𫉄蔼蔺萚蕲芦苏蕴苹藓蔹𦻕茏兰蓠萝蔂𬟁处虚虏号"
    "亏虬蛱蜕蚬𬟽蚀猬虾虱蜗蛳蚂萤䗖蝼螀𫋇蛰蝈螨𫋌𫊸虮蝉蛲虫𫊻蛏蚁𧏗蚃蝇虿蝎蛴蝾蚝𧏖蜡"
    "蛎𫊮蟏蛊蚕蛮𧑏众蔑术同胡卫冲衮夹袅里补装里制复裈袆裤裢褛亵𫌀裥裥袯𫋹袄𫋷𫋻裣裆褴"
    "袜摆衬𧝝袭襕𫌇核见觃规觅视觇𫌪觋觍觎亲觊觏觐觑𫌭觉𫌨览觌观觞觯触讠订讣计讯讧讨𬣙"
    "讦𫍙讱训讪讫托记讹𫍛讶𫍚讼䜣诀讷𫟞讻访设许诉诃诊注证𧮪诂诋𫟟讵诈𫍡诒𫍜诏评诐诇诎"
    "诅𬣞词咏诩询诣试诗𬣳诧诟诡诠诘话该详诜𫍣诙诖𫍥诔诛诓夸𫍪志认诳诶诞诱诮语诚诫诬误"
    "诰诵诲说𫍨说谁课𫍮𫟡谇𫍬诽𫍧谊訚调谄谆谈诿请诤诹诼谅𬣡论谂谀谍谞谝𬤊谥诨𫍩谔𫍳谛"
    "谐谏谕咨𫍱𫍰讳𬤇谙𫍯谌讽诸谚谖诺谋谒谓誊诌𫍸𫍷谎谜𫍲谧谑谡谤谦谥讲谢谣谣谟谪谬谫"
    "𫍹𫍴讴𫍵谨谩哗𫟠𰶎𫍻证𫍢谲讥𫍤𬤝谮识谯谭谱𫍽噪𫍦谵毁译议谴护诪誉谫读谉变詟䜩雠谗"
    "让谰谶赞谠谳溪岂竖丰艳猪𫎆豮狸猫𫎌䝙贝贞贠负财贡贫货贩贪贯责贮贳赀贰贵贬买贷贶费"
    "贴贻贸贺贲赂赁贿赅资贾贼赈赊宾赇赒赉赐𫎩赏𧹖赔赓贤卖贱赋赕质赍账赌䞐赖赗赚赙购赛"
    "赜𧹗贽赘赟赠𫎫赞赝赡赢赆𫎬赃赑赎赝𫎦赣赃赪赶赵趋趱迹践逾踊跄𫏐跸迹跖蹒踪𫏆跷𫏋跶"
    "趸踌跻跃䟢踯跞踬蹰𨀁跹𨅬蹑蹿躜躏躯𨉗车轧轨军𫐄轪轩轫𫐅𨐅轭𫐇𬨂软轷𫐉轸𫐊轱𫐈轴轵"
    "轺轲轶轼𫐌较𨐈辂辁辀载轾𪨶辄挽辅轻𫐏𫐐辆辎辉辋辍𫐎辊辇𫐑辈轮辌𫐓辑辏𬨎𫐒输辐辒辗"
    "舆辒毂辖辕辘𫐖转𫐕辙轿𫐗辚𫐘轰𫐙辔轹𫐆轳办辞辫辩农回径这连周进游运过达违遥逊递远"
    "溯适𫐷迟绕迁选遗辽迈还迩边逻逦郏邮郓乡邹邬郧𫑘邓𬩽郑邻郸𫑡邺郐邝酂郦腌酝丑酝蒏糖"
    "医酱酦𬪩𫑷酿衅酾酽释厘钅钆钇钌钊钉钋𫟲针𫓥钓钐扣钏𫓦钒𫟳𨰿𬬩钗钍钕钎䥺𬬱钯钫钘钭"
    "钥𫓪𫓧钚钠𨱂钝钩钤钣钑钞钮𫟴𫟵𫓨钧𨱁钟钙钬钛钪铌𨱄铈𨱃钶铃钴钹铍钰钸铀钿钾𨱅巨钻"
    "铊铉𬬿铇铋铂𫓬钷钳铆铅𫟷钺𫓭钵钩𬬸钲𬭁钼钽𬬹锫铏𫟹铰铒铬𫟸𫓴铪银𫓲𫟻铳铜𫓯𫓰铚𫟶"
    "铣铨铢铭铫铦衔铑铷铱铟铵铥铕铯铐铞锐𨱇销锈锑锉铝𰾄锒锌钡𨱈铤铗𬭎锋𫓶铻锊锓𫓵铘锄"
    "锃锔锇铓铺锐铖锆锂铽锍锯𬬮钢𬬭锞𨱋录锖锫锩铔锥锕锟锤锱铮锛𫓻𫓽𬭚锬锭锜钱𫓹𫓾锦锚"
    "锠锡锢错录锰表铼镎𫓸锝锨锪𨱉钫钔锴锳𫔂炼锅镀𫔄锷铡钖锻锽锸锲锘锹𬭤𨱎锾键锶锗针钟"
    "镁锿镅𫟿镑镰𫔅𬭩镕锁镉𫔈锤镈𨱏𫔇镃钨蓥镏铠铩锼镐镇镇𨱍镒镋镍镓鿔𨰾镌镎镞𨱌旋链𨱒"
    "镆镙𬭬镠镝铿锵𬭭镗镘镛铲镜镖镂𫔊𫓩錾镚铧镤镪䥽𬭸锈𫔌铙𨱑𫔍𫓱铴𫔎𨱓𨱔镣铹镦镡钟镫"
    "镢镨䦅锎锏镄𬭼𫓺镌镰䦃镯镭铁镮铎铛𫔁𫟼镱𰾭铸𫠁镬镔鉴鉴镲锧镴铄镳镥𬬻镧钥镵镶𫔔镊"
    "镩锣钻銮凿镢镋长门闩闪闫闬闭开闶𨸂闳闰𨸃闲闲间闵𫔯闸𫠂𫔰阂阁合阀闺闽阃阆闾阅阅𫔴"
    "阊阉阎阏阍阈阌阒板暗闱𬮱阔阕阑阇阗𫔶阘闿阖阙闯关阚阓阐辟阛闼陉陕升阵阴陈陆阳陧队"
    "阶𬮿陨际𬯎随险𬯀陦隐陇隶只隽虽双雏杂鸡离难云电沾霡𫕥雾𪵣霁雳霭叇灵叆靓静靔腼𫖃靥"
    "巩绱秋鞒𫖇缰鞑千鞯韦韧韨韩韪𫠅𫖔韬鞲韫𫖒韵响页顶顷项顺顸须顼颂𫠆颀颃预顽颁顿𬱖颇"
    "领颌𬱟颉颐颏𫖯头颒颊颋颕𫖳颔颈颓频颓𩓋𩖖𫖶颗题额颚颜颙颛颜𫖮愿颡颠类颟𫖹颢顾颤颥"
    "显颦颅颞颧风飐飑飒𩙥台刮飓𩙪飔飏飖飕𩙫飗飘飙飚𫗋飞饣饥饤饦𫗞饨饪饫饬饭飧饮饴𫗢𫗣"
    "饲饱饰饳饺饸饼糍饷养饵饹饻饽馁饿𫗦馂饾𫗧余肴馄馃饯馅𫗠𫗪馆𫗬𫗥糊𫗮糇饧喂馉馇𩠌馎"
    "饩馏馊馌馍馒馐馑馓馈馔饥饶飨𫗴餍馋𫗵𫗩馕马驭冯𫘛驮驰驯驲𫘜驳𫘝𬳶𫘟𩧨驻驽驹𬳵驵驾"
    "骀驸𩧫驶驼𫘞驷骂骈𫘠𩧲𩧴𬳽𫘡骇骃骆𩧺骎𫘣𬳿骏骋骍𫘤𫘧骓𫘥𫘦骔骒骑骐𬴂𩨀骛骗𩨊𫘩𩨃"
    "𬴃𩨈𫘨骙䯄𩨄骞骘骝腾𫘬𫘫𫘪驺骚骟𫘭𫠋骡蓦骜骖骠骢驱骅𩧯骕骁𬴊骣𫘯骄验𫘰惊驿骤驴骧"
    "骥骦𫘱骊骉肮髅脏体髌髋发松胡𩭹须𫘽鬓斗闹哄阋阄郁鬶魉魇鱼鱽𫚉鱾𩽹𫚌鲀鲁鲂𫚍鱿鲄𫠐"
    "𬶍鲅鲆𫚒𫚑𫚖𬶋鲌鲉鲏鲇鲐鲍鲋鲊鲒鲘鲞鲕𩽾𬶏𬶐䲟𫚓鲖鲔鲛鲑鲜𫚗𫚔鲓𫚛鲪𩾃鲝𫚚鲧鲠𩾁"
    "𫚙鲩鲤鲨鲬鲻鲯鲭鲞鲷鲴𫚡鲱鲵鲲鲳鲸鲮鲰𫚞鲶𩾇鲺𩽼鳀𬶟鲫𫚣鳊鳈鲗鳂䲠鲽鳇𬶠𫚢䲡鳅鲾"
    "鳄𫚊鳆鳃𫚥鳁鳒鳑鳋鲥𫚕鳏𫚤䲢鳎鳐𫚦鳍鳁鲢鳌鳓鳘𬶭鲦鲣鲹鳗鳛𫚧鳔𬶨鳉𫚋鳙𫠒𩾌鳕鳖𫚪"
    "鳟鳝鳜鳞鲟𬶮鲼鲎鲙𫚫鳣鳡鳢鲿鲚𫚈鳠𫚭鳄鲈鲡鸟凫鸠凫鸤凤鸣鸢𫛛𪉃𫛚䴓𫛜𫛞𫛝鸩鸨鸦𫛤"
    "鸰𫛡鸵𫁡鸳𪉈鸲鸮鸱鸪𫛣鸯鸭𫛦鸸鸹𪉆𫛩鸻䴕鸿𫛪鸽䴔鸺鸼𫛥𬷕鹀鹃鹆鹁𪉍鹈鹅𫛭鹄鹉𫛨𫛳"
    "鹌𫛱鹏鹐鹎雕鹊鹓鹍䴖鸫鹑鹒𫛵𫛶鹋鹙𫛸鹕鹗𬸘鹖鹛𫛷鹜䴗鸧𫛯莺𫛫𬸣鹟鹤鹠鹡鹘鹣鹚鹚鹢"
    "鹞鸡𫛽䴘鹝𫜀鹧𪉑鹥鸥鸷鹨𬸦𫜃𫛴鸶鹪𪉊𫜁鹔𬸪鹩鹫鹇鹇𫜄鹬鹰鹭鸴𬸯㶉鹯䴙𫛢鹱鹲𬸚鸬𫛟"
    "鹴鹦鹳鹂鸾卤咸鹾碱盐丽麦𪎊麸面面𤿲曲𪎉𪎌曲面𫜑么么黄黉点党黪霉黡黩黾鼋鼌鼍冬鼹齐"
    "斋赍齑齿龀龁龂𬹼龅龇龃龆龄出龈啮𫜪龊龉𫜭𬺈𫠜𫜬龋𫜮腭龌𬺓𫜰龙厐庞䶮𫜲龚龛龟𩨎𨱆䜤"
    "鿒岂更车贾滑串句龟龟契金喇奈懒癞罗萝螺裸逻乐洛烙珞落酪骆乱卵栏烂兰鸾岚滥蓝褴拉腊"
    "蜡廊朗浪狼郎来冷劳掳橹炉卢老芦虏路露鲁鹭碌禄绿菉录鹿论垄弄笼聋牢磊赂雷垒屡楼泪漏"
    "累缕陋勒肋凛凌棱绫菱陵读拏乐诺丹宁怒率异北磻便复不泌数索参塞省叶说杀辰沈拾若掠略"
    "亮两凉梁粮良谅量励吕女庐旅滤砺闾骊丽黎力历历轹年怜恋撚涟炼琏秊练联辇莲连炼列劣咽"
    "烈裂说廉念捻殓帘猎令囹宁岭怜玲莹羚聆铃零灵领例礼醴隶恶了僚寮尿料乐燎疗蓼辽龙晕阮"
    "刘杻柳流溜琉留硫纽类六戮陆伦仑沦轮律栗栗率隆利吏履易李梨泥理痢罹里里里离匿溺吝燐"
    "璘蔺隣鳞麟林淋临立笠粒状炙识什茶刺切度拓糖宅洞暴辐行降见廓兀嗀冢晴凞猪益礼神祥福"
    "靖精羽蘒诸逸都饭饲馆鹤郞隷侮僧免勉勤卑喝叹器塀墨层屮悔慨憎惩敏既暑梅海渚汉煮爫琢"
    "碑社祉祈祐祖祝祸祯谷突节练缙繁署者臭艹艹著褐视谒谨宾赠辶逸难响频恵𤋮馆并况全侀充"
    "冀勇勺喝啕喙嗢冢坟奄奔婢嬨廒廙彩徭惘慎愈憎慠惩戴揄搜摒敖晴朗望杖歹杀流滛滋汉瀞煮"
    "瞧爵犯猪瑱甆画瘝瘟益盛直睊着磌窱节类绦练缾者荒华蝹襁覆视调诸请谒诺谕谨变赠输迟醙"
    "铏陼难靖𫖔响頋频鬒龟𢡊𢡄𣏕㮝䀘𥅴𥉉𥳐𧻓齃厐𠀾𠆿𠉗𫝋㓆𠛆𠚳𪠡𫪄𪠺𪜎𪢒𪡺𠴛𪢐𠴢𠵸𠲥𪢖"
    "𫭼𡋗𪤄𡋀𡍣㛟𫝪㛿㛠𡭜𡭬𡳃𪨩𪨹岁𡸃㟜𪩛𪪴𢙑𪬚𢘝𢘞𪫡𢘙𪬯𪭝𪭯𢫞𢫊𢬦𪮳暅𣈣𫧃㭣𪳗𣘷𣘓𣞎"
    "𣑶𣯣𣭤毶𪶮㳢𣶫𣺽𪶒𣷷𤎻𪹀𤊀𪹹𪹠𤎺𤊰𪺣𤙯𫞢𪺪𪺸𤝢𢢐𫞧㻘㻏𪼴𪽝𤳄𪽭𤶧𪽴𥅿𥅘𪿊𥐰𥐯𪿞𪿵"
    "𬒗𫀓𫀌𥞦䅪𫞷𫀮𥧂𥩺𫁳𫂖𫁺𥱔𥭉𫁱𥮋𫂿𥹥𥺇𫄝𦈈𫄦𦈒𦈗𫄯𫄪𫄵𫟇𫅥𫅼𡳒𫆝𫞅𫆫𣍨𦟗𫇘䑽𦨩𫇪"
    "𦶻𧌥𫊹𧒭𧉐䘞䙊䘛𫌋𧝧𫌫𫌬𫍞𫍟𫍭䜥𫍶𫍺𫍼𫍾𫍐𧳕䞌𧹓䞎𪠀𫎨𪥠𫎸𫏌𨀱𨁴𫏕𧿈𨅫𫏨𫏞𫏑𨂺𨄄"
    "䢀䢁𨐆䢂𫐍𫐔𫐋𨐉𨐇𨐊𫟫𫟬𨡙𨡺𨟳𨠨𨤰𨱀𫓫䦀𬭊䦁𫟽𨱊𬭛𫓼𫓿𫟾𫓮𨱐𫔏𬭶𬭳𫔑𫔐𨱕𫔒䥿𫔓𫔉"
    "𫓳𫔕𫔃𫔖𨸁𨸀𨸅𫔲𨸆𨸇𨸉𨸊𨸌𨸋𨸎𫔽𨸘𫕚𫕨𫖑𩏾𫖓𫖖𩏽𫃗𫖪𫖭𩖕𫖵𫖷𫖴𫠇𩙦𫗈𫗉𩙩𩙭𩙨𩙬𩙰"
    "𩟿𩠀𫗡𩠁𩠂𫗤𫗨𩠃𩠉𩠆𩠊𩠋𫗳𩠎𩠏䭪𩠅𫗚𩠠𩡖𩧦𩧬𩧵𩧳𩧮𩧶䯃𩧸𩧻𩧼𩧩𩨆𩨉𩨅𩨋𩨍𩧱𩨌𫠌𩨐"
    "𩬣𫙂𩯒𩬤𩰰𩲒𩴌𫠏𩽺𩽻𫚎䲞𩽿𩽽𩾄𩾅𫚝𫚟𩾆𫚨𫚩𫚘𫚬𩾎𫠖𫛠𪉄𫛧𪉅𪉋𪉉𪉌𪉎𪉐𪉏𫛻𫛹𪉔𪉒𫜂"
    "𫛾𪉕𱊜𫜊𫧮𫜓𫜕𫜟𪔭𪚏𪚐𫜯𠛾𣶭𫓷𫜫丽丸乁𠄢你侮侻倂偺备僧像㒞𠘺免兔兤具𠔜㒹内再𠕋冗"
    "冤仌冬况𩇟凵刃㓟刻剆割铲㔕勇勉勤勺包匆北卉卑博即即卿卿卿𠨬灰及叟𠭣叫叱吆咞吸呈周"
    "咢哶唐启啣善善喙吃喳嗂图叹圗噑喷切壮城埴堍型堲报墬𡓤売壷夆多梦奢𡚨𡛪姬娱娧姘妇㛮"
    "㛼娆嬾嬾𡧈寃寘宁寳𡬘寿将当尢㞁屠屮峀岍𡷤嵃𡷦嵮嵫𡶴巡巢㠯巽帨帽𪩸㡢𢆃㡼庰庳庶廊𪎒"
    "廾𢌱𢌱舁弢弢㣇𣊸𦇚形雕㣣徚忍志忹悁㤺㤜悔𢛔惇慈慌慎慌㥪憎宪愤憯蒙惩懒成戛扝抱拔捐"
    "𢬌挽拼舍扫揤𢯱搢揅掩㨮摩摾㧑摷㩬敏敬𣀊既书晋㬙暑㬈㫤冒冕最暜肭䏙朗望朡杞杓𣏃㭉拐"
    "枅桒梅𣑭梎栟椔㮝楂榣槪檨𣚣栉㰘次𣢧歔㱎岁殟杀壳𣪍𡴋𣫺泛𣲼沿泍汧洖派海流浩浸涅𣴞洴"
    "港湮㴳滋滇𣻑淹潮𣽞𣾎𣸣瀹瀞瀛㶖灊灾灷炭𠔥煅𤉣熜𤎫爨爵牐𤘈犀犕𤜵𤠔獭王㺬玥㺸㺸瑇瑜"
    "瑱璅琼㼛甤𤰶甾𤲒异𢆟瘐𤾡𤾸𥁄㿼䀈直𥃳𥃲𥄙𥄳真真真睊𥅴瞋䁆䂖𥐝硎碌磌䃣𥘦祖𥚚𥛅福秫"
    "䄯谷穊穏𥥼𥪧𥪧竮䈂𥮫篆筑䈧𥲀糒䊠糨糣纪𥾆絣䌁缁縂缫䌴𦈨𦉇䍙𦋙罺𦌾羕翺者𦓚𦔣聠𦖨聪"
    "𣍟䏕育脃䐋脾媵𦞧𦞵𣎓𣎜舁舄辞䑫芑芋芝劳花芳芽苦𦬼若茝荣莭茣莽菧著荓菊菌菜𦰶𦵫𦳕䔫"
    "蓱蓳蔖𧏊蕤𦼬䕝䕡𦾱𧃒䕫虐虏亏虩蚩蚈蜎蛢蝹蜨蝫螆䗗蟡蚃䗹衠衣𧙧裗裞䘵裺㒻𧢮𧥦䚾䛇诚"
    "谕变豕𧲨贯贲赣起𧼯𠠄跋趼跰𠣞轫输𨗒𨗭邔郱鄑𨜮鄛钹𫓶鋘鉼镪鐕𨯺开䦕閷𨵷䧦雃嶲𫕥𩅅𩈚"
    "䩮䩶𫖒𩐊䪲𩒖頋頋頩𩖶饥䬳餩馧駂駾䯎𩬰鬒𬶨𫛚䳎䳭𫛨𪃎䳸𪄅𪈎𪊑麻䵖黹黾鼅鼏鼖鼻𪚏𰻝"
)



SQLITE_CREATE = [
    # Folded text (claims/chinese.py) in the first three columns, for words
    # of three characters or more; the CJK grams of all three in the fourth.
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_TABLE}
        USING fts5(text, speaker, source, grams, tokenize = 'trigram')""",
]

# An index row from the claim's folded text, speaker and source (the SQLite
# functions register_sqlite_functions adds).
_SQLITE_ROW = f"""
        INSERT INTO {SEARCH_TABLE} (rowid, text, speaker, source, grams)
        SELECT id, text, speaker, source,
            claims_search_grams(text || ' ' || coalesce(speaker, '') || ' ' || coalesce(source, ''))
        FROM (SELECT NEW.id AS id, claims_search_fold(NEW.text) AS text,
            claims_search_fold((SELECT name FROM claims_speaker WHERE id = NEW.speaker_id))
                AS speaker,
            claims_search_fold(
                (SELECT title || ' ' || publisher FROM claims_source WHERE id = NEW.source_id)
            ) AS source);"""

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS claims_claim_search_insert AFTER INSERT ON claims_claim
    BEGIN{_SQLITE_ROW}
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_claim_search_update
    AFTER UPDATE OF text, speaker_id, source_id ON claims_claim
    BEGIN
        DELETE FROM {SEARCH_TABLE} WHERE rowid = OLD.id;{_SQLITE_ROW}
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_claim_search_delete AFTER DELETE ON claims_claim
    BEGIN
        DELETE FROM {SEARCH_TABLE} WHERE rowid = OLD.id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_speaker_search_update
    AFTER UPDATE OF name ON claims_speaker
    BEGIN
        UPDATE {SEARCH_TABLE} SET speaker = claims_search_fold(NEW.name),
            grams = claims_search_grams(text || ' ' || NEW.name || ' ' || coalesce(source, ''))
        WHERE rowid IN (SELECT id FROM claims_claim WHERE speaker_id = NEW.id);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_source_search_update
    AFTER UPDATE OF title, publisher ON claims_source
    BEGIN
        UPDATE {SEARCH_TABLE} SET source = claims_search_fold(NEW.title || ' ' || NEW.publisher),
            grams = claims_search_grams(
                text || ' ' || coalesce(speaker, '') || ' ' || NEW.title || ' ' || NEW.publisher
            )
        WHERE rowid IN (SELECT id FROM claims_claim WHERE source_id = NEW.id);
    END""",
]

SQLITE_FILL = f"""
    INSERT INTO {SEARCH_TABLE} (rowid, text, speaker, source, grams)
    SELECT claim.id, claims_search_fold(claim.text), claims_search_fold(speaker.name),
        claims_search_fold(source.title || ' ' || source.publisher),
        claims_search_grams(
            claim.text || ' ' || speaker.name || ' ' || source.title || ' ' || source.publisher
        )
    FROM claims_claim claim
    JOIN claims_speaker speaker ON speaker.id = claim.speaker_id
    JOIN claims_source source ON source.id = claim.source_id
"""

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS claims_claim_search_insert",
    "DROP TRIGGER IF EXISTS claims_claim_search_update",
    "DROP TRIGGER IF EXISTS claims_claim_search_delete",
    "DROP TRIGGER IF EXISTS claims_speaker_search_update",
    "DROP TRIGGER IF EXISTS claims_source_search_update",
    f"DROP TABLE IF EXISTS {SEARCH_TABLE}",
]

POSTGRESQL_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # No foreign key: the triggers keep it in step, and a key would stop
    # Django's test flush from truncating claims_claim on its own.
    f"""CREATE TABLE IF NOT EXISTS {SEARCH_TABLE} (
        claim_id bigint PRIMARY KEY,
        document text NOT NULL,
        grams text NOT NULL DEFAULT ''
    )""",
    f"""CREATE INDEX IF NOT EXISTS claims_claim_search_trgm_idx
        ON {SEARCH_TABLE} USING gin (document gin_trgm_ops)""",
    f"""CREATE INDEX IF NOT EXISTS claims_claim_search_grams_idx
        ON {SEARCH_TABLE} USING gin (grams gin_trgm_ops)""",
]

# The folding table as a JSON object, which PostgreSQL looks each character
# up in by binary search: translate() compares each character with all five
# thousand, which took 2.6 ms a claim. The triggers call it themselves, never
# from inside another SQL function: there PostgreSQL plans it again, and
# reads the table again, on every call (2 ms a claim).
_FOLD_JSON = json.dumps(dict(zip(TRADITIONAL, SIMPLIFIED, strict=True)), ensure_ascii=False)

POSTGRESQL_TRIGGERS = [
    f"""CREATE OR REPLACE FUNCTION claims_search_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN value !~ '{CJK_PATTERN}' THEN value ELSE (
            SELECT string_agg(coalesce('{_FOLD_JSON}'::jsonb ->> ch, ch), '' ORDER BY position)
            FROM regexp_split_to_table(value, '') WITH ORDINALITY AS characters(ch, position)
        ) END
    $$""",
    f"""CREATE OR REPLACE FUNCTION claims_search_grams(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN value !~ '{CJK_PATTERN}' THEN '' ELSE (
            SELECT coalesce(string_agg(
                chr({ord(GRAM_MARK)}) || chr({ord(GRAM_MARK)}) || ch || ' '
                || CASE WHEN next ~ '{CJK_PATTERN}'
                   THEN chr({ord(GRAM_MARK)}) || ch || next || ' ' ELSE '' END,
                '' ORDER BY position), '')
            FROM (
                SELECT ch, position, lead(ch) OVER (ORDER BY position) AS next
                FROM regexp_split_to_table(value, '') WITH ORDINALITY AS characters(ch, position)
            ) characters
            WHERE ch ~ '{CJK_PATTERN}'
        ) END
    $$""",
    """CREATE OR REPLACE FUNCTION claims_claim_search_document(
        claim_text text, speaker bigint, source bigint
    ) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT claim_text
            || ' ' || coalesce((SELECT name FROM claims_speaker WHERE id = speaker), '')
            || ' ' || coalesce(
                (SELECT title || ' ' || publisher FROM claims_source WHERE id = source), ''
            )
    $$""",
    f"""CREATE OR REPLACE FUNCTION claims_claim_search_sync() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        folded text;
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM {SEARCH_TABLE} WHERE claim_id = OLD.id;
            RETURN OLD;
        END IF;
        folded := claims_search_fold(
            claims_claim_search_document(NEW.text, NEW.speaker_id, NEW.source_id)
        );
        INSERT INTO {SEARCH_TABLE} (claim_id, document, grams)
        VALUES (NEW.id, folded, claims_search_grams(folded))
        ON CONFLICT (claim_id) DO UPDATE
        SET document = EXCLUDED.document, grams = EXCLUDED.grams;
        RETURN NEW;
    END $$""",
    """CREATE OR REPLACE TRIGGER claims_claim_search_sync
        AFTER DELETE OR UPDATE OF text, speaker_id, source_id ON claims_claim
        FOR EACH ROW EXECUTE FUNCTION claims_claim_search_sync()""",
    # New claims are indexed once per statement, in one set-based INSERT:
    # the row trigger's per-row function calls made an import's 100,000
    # claims take 17 s to insert instead of 9 (a transition table cannot
    # serve the UPDATE OF trigger above: PostgreSQL refuses it with a column list).
    f"""CREATE OR REPLACE FUNCTION claims_claim_search_insert() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO {SEARCH_TABLE} (claim_id, document, grams)
        SELECT id, folded, claims_search_grams(folded)
        FROM (
            SELECT added.id, claims_search_fold(
                claims_claim_search_document(added.text, added.speaker_id, added.source_id)
            ) AS folded
            FROM added
        ) documents
        ON CONFLICT (claim_id) DO UPDATE
        SET document = EXCLUDED.document, grams = EXCLUDED.grams;
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE TRIGGER claims_claim_search_insert
        AFTER INSERT ON claims_claim REFERENCING NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_search_insert()""",
    f"""CREATE OR REPLACE FUNCTION claims_claim_search_resync() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {SEARCH_TABLE} entry
        SET document = documents.folded, grams = claims_search_grams(documents.folded)
        FROM (
            SELECT claim.id, claims_search_fold(
                claims_claim_search_document(claim.text, claim.speaker_id, claim.source_id)
            ) AS folded
            FROM claims_claim claim
            WHERE claim.speaker_id = NEW.id AND TG_TABLE_NAME = 'claims_speaker'
               OR claim.source_id = NEW.id AND TG_TABLE_NAME = 'claims_source'
        ) documents
        WHERE entry.claim_id = documents.id;
        RETURN NEW;
    END $$""",
    """CREATE OR REPLACE TRIGGER claims_speaker_search_update
        AFTER UPDATE OF name ON claims_speaker
        FOR EACH ROW EXECUTE FUNCTION claims_claim_search_resync()""",
    """CREATE OR REPLACE TRIGGER claims_source_search_update
        AFTER UPDATE OF title, publisher ON claims_source
        FOR EACH ROW EXECUTE FUNCTION claims_claim_search_resync()""",
    f"""CREATE OR REPLACE FUNCTION claims_claim_search_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE {SEARCH_TABLE};
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE TRIGGER claims_claim_search_truncate
        AFTER TRUNCATE ON claims_claim
        FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_search_truncate()""",
]

POSTGRESQL_FILL = f"""
    INSERT INTO {SEARCH_TABLE} (claim_id, document, grams)
    SELECT id, folded, claims_search_grams(folded)
    FROM (
        SELECT id, claims_search_fold(claims_claim_search_document(text, speaker_id, source_id))
            AS folded
        FROM claims_claim
    ) documents
    ON CONFLICT (claim_id) DO NOTHING
"""

POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS claims_claim_search_sync ON claims_claim",
    "DROP TRIGGER IF EXISTS claims_claim_search_insert ON claims_claim",
    "DROP TRIGGER IF EXISTS claims_claim_search_truncate ON claims_claim",
    "DROP TRIGGER IF EXISTS claims_speaker_search_update ON claims_speaker",
    "DROP TRIGGER IF EXISTS claims_source_search_update ON claims_source",
    "DROP FUNCTION IF EXISTS claims_claim_search_sync()",
    "DROP FUNCTION IF EXISTS claims_claim_search_insert()",
    "DROP FUNCTION IF EXISTS claims_claim_search_resync()",
    "DROP FUNCTION IF EXISTS claims_claim_search_truncate()",
    "DROP FUNCTION IF EXISTS claims_claim_search_document(text, bigint, bigint)",
    "DROP FUNCTION IF EXISTS claims_search_grams(text)",
    "DROP FUNCTION IF EXISTS claims_search_fold(text)",
    f"DROP TABLE IF EXISTS {SEARCH_TABLE}",
]


OLD_SQLITE_CREATE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_TABLE}
        USING fts5(text, speaker, source, tokenize = 'trigram')""",
]

OLD_SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS claims_claim_search_insert AFTER INSERT ON claims_claim
    BEGIN
        INSERT INTO {SEARCH_TABLE} (rowid, text, speaker, source)
        SELECT NEW.id, NEW.text,
            (SELECT name FROM claims_speaker WHERE id = NEW.speaker_id),
            (SELECT title || ' ' || publisher FROM claims_source WHERE id = NEW.source_id);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_claim_search_update
    AFTER UPDATE OF text, speaker_id, source_id ON claims_claim
    BEGIN
        DELETE FROM {SEARCH_TABLE} WHERE rowid = OLD.id;
        INSERT INTO {SEARCH_TABLE} (rowid, text, speaker, source)
        SELECT NEW.id, NEW.text,
            (SELECT name FROM claims_speaker WHERE id = NEW.speaker_id),
            (SELECT title || ' ' || publisher FROM claims_source WHERE id = NEW.source_id);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_claim_search_delete AFTER DELETE ON claims_claim
    BEGIN
        DELETE FROM {SEARCH_TABLE} WHERE rowid = OLD.id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_speaker_search_update
    AFTER UPDATE OF name ON claims_speaker
    BEGIN
        UPDATE {SEARCH_TABLE} SET speaker = NEW.name
        WHERE rowid IN (SELECT id FROM claims_claim WHERE speaker_id = NEW.id);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_source_search_update
    AFTER UPDATE OF title, publisher ON claims_source
    BEGIN
        UPDATE {SEARCH_TABLE} SET source = NEW.title || ' ' || NEW.publisher
        WHERE rowid IN (SELECT id FROM claims_claim WHERE source_id = NEW.id);
    END""",
]

OLD_SQLITE_FILL = f"""
    INSERT INTO {SEARCH_TABLE} (rowid, text, speaker, source)
    SELECT claim.id, claim.text, speaker.name, source.title || ' ' || source.publisher
    FROM claims_claim claim
    JOIN claims_speaker speaker ON speaker.id = claim.speaker_id
    JOIN claims_source source ON source.id = claim.source_id
"""

OLD_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS claims_claim_search_insert",
    "DROP TRIGGER IF EXISTS claims_claim_search_update",
    "DROP TRIGGER IF EXISTS claims_claim_search_delete",
    "DROP TRIGGER IF EXISTS claims_speaker_search_update",
    "DROP TRIGGER IF EXISTS claims_source_search_update",
    f"DROP TABLE IF EXISTS {SEARCH_TABLE}",
]

OLD_POSTGRESQL_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # No foreign key: the triggers keep it in step, and a key would stop
    # Django's test flush from truncating claims_claim on its own.
    f"""CREATE TABLE IF NOT EXISTS {SEARCH_TABLE} (
        claim_id bigint PRIMARY KEY,
        document text NOT NULL
    )""",
    f"""CREATE INDEX IF NOT EXISTS claims_claim_search_trgm_idx
        ON {SEARCH_TABLE} USING gin (document gin_trgm_ops)""",
]

OLD_POSTGRESQL_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION claims_claim_search_document(
        claim_text text, speaker bigint, source bigint
    ) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT claim_text
            || ' ' || coalesce((SELECT name FROM claims_speaker WHERE id = speaker), '')
            || ' ' || coalesce(
                (SELECT title || ' ' || publisher FROM claims_source WHERE id = source), ''
            )
    $$""",
    f"""CREATE OR REPLACE FUNCTION claims_claim_search_sync() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM {SEARCH_TABLE} WHERE claim_id = OLD.id;
            RETURN OLD;
        END IF;
        INSERT INTO {SEARCH_TABLE} (claim_id, document)
        VALUES (NEW.id, claims_claim_search_document(NEW.text, NEW.speaker_id, NEW.source_id))
        ON CONFLICT (claim_id) DO UPDATE SET document = EXCLUDED.document;
        RETURN NEW;
    END $$""",
    """CREATE OR REPLACE TRIGGER claims_claim_search_sync
        AFTER DELETE OR UPDATE OF text, speaker_id, source_id ON claims_claim
        FOR EACH ROW EXECUTE FUNCTION claims_claim_search_sync()""",
    # New claims are indexed once per statement, in one set-based INSERT:
    # the row trigger's per-row function calls made an import's 100,000
    # claims take 17 s to insert instead of 9 (a transition table cannot
    # serve the UPDATE OF trigger above: PostgreSQL refuses it with a column list).
    f"""CREATE OR REPLACE FUNCTION claims_claim_search_insert() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO {SEARCH_TABLE} (claim_id, document)
        SELECT added.id, claims_claim_search_document(added.text, added.speaker_id, added.source_id)
        FROM added
        ON CONFLICT (claim_id) DO UPDATE SET document = EXCLUDED.document;
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE TRIGGER claims_claim_search_insert
        AFTER INSERT ON claims_claim REFERENCING NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_search_insert()""",
    f"""CREATE OR REPLACE FUNCTION claims_claim_search_resync() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {SEARCH_TABLE} entry
        SET document = claims_claim_search_document(claim.text, claim.speaker_id, claim.source_id)
        FROM claims_claim claim
        WHERE entry.claim_id = claim.id
          AND (claim.speaker_id = NEW.id AND TG_TABLE_NAME = 'claims_speaker'
               OR claim.source_id = NEW.id AND TG_TABLE_NAME = 'claims_source');
        RETURN NEW;
    END $$""",
    """CREATE OR REPLACE TRIGGER claims_speaker_search_update
        AFTER UPDATE OF name ON claims_speaker
        FOR EACH ROW EXECUTE FUNCTION claims_claim_search_resync()""",
    """CREATE OR REPLACE TRIGGER claims_source_search_update
        AFTER UPDATE OF title, publisher ON claims_source
        FOR EACH ROW EXECUTE FUNCTION claims_claim_search_resync()""",
    f"""CREATE OR REPLACE FUNCTION claims_claim_search_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE {SEARCH_TABLE};
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE TRIGGER claims_claim_search_truncate
        AFTER TRUNCATE ON claims_claim
        FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_search_truncate()""",
]

OLD_POSTGRESQL_FILL = f"""
    INSERT INTO {SEARCH_TABLE} (claim_id, document)
    SELECT id, claims_claim_search_document(text, speaker_id, source_id) FROM claims_claim
    ON CONFLICT (claim_id) DO NOTHING
"""

OLD_POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS claims_claim_search_sync ON claims_claim",
    "DROP TRIGGER IF EXISTS claims_claim_search_insert ON claims_claim",
    "DROP TRIGGER IF EXISTS claims_claim_search_truncate ON claims_claim",
    "DROP TRIGGER IF EXISTS claims_speaker_search_update ON claims_speaker",
    "DROP TRIGGER IF EXISTS claims_source_search_update ON claims_source",
    "DROP FUNCTION IF EXISTS claims_claim_search_sync()",
    "DROP FUNCTION IF EXISTS claims_claim_search_insert()",
    "DROP FUNCTION IF EXISTS claims_claim_search_resync()",
    "DROP FUNCTION IF EXISTS claims_claim_search_truncate()",
    "DROP FUNCTION IF EXISTS claims_claim_search_document(text, bigint, bigint)",
    f"DROP TABLE IF EXISTS {SEARCH_TABLE}",
]



def forward(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in [*SQLITE_DROP, *SQLITE_CREATE]:
                cursor.execute(statement)
            return
        for statement in [*OLD_POSTGRESQL_DROP, *POSTGRESQL_CREATE, *POSTGRESQL_TRIGGERS]:
            cursor.execute(statement)
        cursor.execute(POSTGRESQL_FILL)


def backward(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # The older triggers are the older code's post_migrate's to make.
            for statement in [*SQLITE_DROP, *OLD_SQLITE_CREATE, OLD_SQLITE_FILL]:
                cursor.execute(statement)
            return
        for statement in [
            *POSTGRESQL_DROP, *OLD_POSTGRESQL_CREATE, *OLD_POSTGRESQL_TRIGGERS, OLD_POSTGRESQL_FILL
        ]:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0012_unicode_slugs"),
    ]

    operations = [
        migrations.RunPython(forward, backward, elidable=False),
    ]
