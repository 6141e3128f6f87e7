"""Text written for the layout tests: explanations in the voice of the lessons."""

# Written for these tests: Thai explanations in the voice of the lessons, long enough to wrap.
THAI_TEXT = [
    "เมื่อคุณเพิ่มคอลัมน์ใหม่ให้กับตารางที่มีข้อมูลอยู่แล้ว แถวเดิมทั้งหมดจะยังอยู่ครบ "
    "แต่คอลัมน์ใหม่ในแถวเหล่านั้นจะมีค่าเป็น NULL จนกว่าคุณจะเติมข้อมูลให้",
    "ถ้าต้องการเพิ่มคอลัมน์ที่ห้ามเป็นค่าว่าง ให้เพิ่มแบบอนุญาตค่าว่างก่อน จากนั้นเติมข้อมูลให้ทุกแถว "
    "แล้วจึงเปลี่ยนเป็นห้ามค่าว่าง มิฉะนั้นคำสั่ง `alembic upgrade head` จะล้มเหลวทันที",
    "การเปลี่ยนชื่อคอลัมน์ด้วยautogenerateจะถูกตรวจพบเป็นการลบคอลัมน์เก่าแล้วเพิ่มคอลัมน์ใหม่ "
    "ซึ่งทำให้ข้อมูลหายไปทั้งหมด ต้องเขียน alter_column(new_column_name=...) เองเสมอๆ",
    "เมื่อสมาชิกสองคนในทีมสร้างไฟล์migrationจากrevisionเดียวกัน จะเกิดheadสองอันพร้อมกัน "
    'ให้รวมด้วยคำสั่ง `alembic merge heads -m "merge"` แล้วตรวจสอบด้วย `alembic heads` อีกครั้ง',
]

# Written for these tests: Hindi with conjuncts (क्ष, स्ट्र, त्र, ज्ञ, द्ध) and spacing vowel
# signs (ि ी ो ा), the shapes terminals disagree on.
HINDI_TEXT = [
    "जब आप किसी मौजूदा तालिका में नया कॉलम जोड़ते हैं, तो पुरानी पंक्तियों का डेटा सुरक्षित रहता है "
    "और नए कॉलम में NULL भरा जाता है।",
    "स्ट्रिंग कॉलम का प्रकार बदलने से पहले सुनिश्चित करें कि कोई भी मान नई लंबाई से बड़ा न हो, "
    "अन्यथा डेटा कट सकता है या माइग्रेशन विफल हो जाएगा।",
    "क्षमा करें, लक्ष्य डेटाबेस अद्यतित नहीं है: पहले `alembic upgrade head` चलाएँ, फिर नया "
    "संशोधन बनाएँ। यह ज्ञान शुद्ध अभ्यास से आता है।",
    "राष्ट्रीय प्रशिक्षण कार्यक्रम में छात्रों ने स्वतंत्र रूप से विश्लेषण किया कि क्यों "
    "autogenerate नाम बदलने को हटाने और जोड़ने के रूप में देखता है।",
]

# Written for these tests: Persian and Urdu explanations with commands inside.
PERSIAN_TEXT = (
    "برای اعمال همهٔ مهاجرت‌ها دستور `alembic upgrade head` را اجرا کنید و سپس با "
    "`alembic current` بررسی کنید که پایگاه داده در آخرین نسخه است؛ اگر خطای "
    "«Target database is not up to date» دیدید، ابتدا ۲ مهاجرت باقی‌مانده را اعمال کنید."
)
URDU_TEXT = (
    "نیا کالم شامل کرنے کے بعد `alembic upgrade head` چلائیں، پھر `alembic history` سے "
    "دیکھیں کہ کون سی نظرثانی لاگو ہوئی ہے۔ پرانی قطاروں کا ڈیٹا محفوظ رہتا ہے (نیا کالم خالی)۔"
)
